// A USB bus shaped like the `usb` package's: getDeviceList() and an emitter of 'attach' /
// 'detach' with device objects whose configDescriptor getter, as in `usb`, asks libusb and
// throws once the device is gone. Descriptors: the class codes these kinds of device declare
// (USB-IF class codes); product ids marked "illustrative" are not those of a real model.
import { EventEmitter } from 'node:events';
import type { UsbDeviceLike, UsbTransport } from '../../../../src/devices/usb';

export interface Descriptor {
  name: string;
  vendorId: number;
  productId: number;
  deviceClass: number;
  interfaceClasses: number[];
}

export const DESCRIPTORS = {
  rootHub: { name: 'Linux Foundation 2.0 root hub', vendorId: 0x1d6b, productId: 0x0002, deviceClass: 0x09, interfaceClasses: [0x09] },
  // A multifunction printer: printer, vendor-specific (scan) and mass-storage interfaces. Illustrative ids.
  mfp: { name: 'multifunction printer', vendorId: 0x03f0, productId: 0x0f00, deviceClass: 0x00, interfaceClasses: [0xff, 0x07, 0x08] },
  // A flatbed scanner that declares itself vendor-specific, as most do (CanoScan LiDE 220 ids).
  scanner: { name: 'CanoScan LiDE 220', vendorId: 0x04a9, productId: 0x190f, deviceClass: 0x00, interfaceClasses: [0xff] },
  encoder: { name: 'DragonRise Zero Delay encoder', vendorId: 0x0079, productId: 0x0006, deviceClass: 0x00, interfaceClasses: [0x03] },
  badgeReader: { name: 'Sycreader SYC ID&IC USB Reader', vendorId: 0x08ff, productId: 0x0009, deviceClass: 0x00, interfaceClasses: [0x03] },
  usbStick: { name: 'USB flash drive', vendorId: 0x0781, productId: 0x5567, deviceClass: 0x00, interfaceClasses: [0x08] },
} satisfies Record<string, Descriptor>;

class FakeDevice implements UsbDeviceLike {
  gone = false;
  deviceDescriptor: UsbDeviceLike['deviceDescriptor'];
  constructor(
    readonly descriptor: Descriptor,
    readonly busNumber: number,
    readonly deviceAddress: number,
    readonly portNumbers: number[],
  ) {
    this.deviceDescriptor = { idVendor: descriptor.vendorId, idProduct: descriptor.productId, bDeviceClass: descriptor.deviceClass };
  }
  get configDescriptor() {
    if (this.gone) throw Object.assign(new Error('LIBUSB_ERROR_NO_DEVICE'), { errno: -4 });
    return { interfaces: this.descriptor.interfaceClasses.map((c) => [{ bInterfaceClass: c }]) };
  }
}

export class FakeUsbBus implements UsbTransport {
  usb = new EventEmitter();
  private devices: FakeDevice[] = [];
  private nextAddress = 2;
  listThrows = false;

  constructor(withRootHub = true) {
    if (withRootHub) this.devices.push(new FakeDevice(DESCRIPTORS.rootHub, 1, 1, []));
  }

  getDeviceList(): UsbDeviceLike[] {
    if (this.listThrows) throw new Error('LIBUSB_ERROR_OTHER');
    return [...this.devices];
  }

  /** Present before the inventory starts (no event). */
  preload(descriptor: Descriptor, port: number): FakeDevice {
    const device = new FakeDevice(descriptor, 1, this.nextAddress++, [port]);
    this.devices.push(device);
    return device;
  }

  attach(descriptor: Descriptor, port: number): FakeDevice {
    const device = this.preload(descriptor, port);
    this.usb.emit('attach', device);
    return device;
  }

  detach(device: FakeDevice): void {
    this.devices = this.devices.filter((d) => d !== device);
    device.gone = true;
    this.usb.emit('detach', device);
  }

  listeners(): number {
    return this.usb.listenerCount('attach') + this.usb.listenerCount('detach');
  }
}
