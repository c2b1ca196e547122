// The USB transport: the part of the `usb` package (2.x, libusb) that the inventory uses, with
// the package's own shape, so the real module is passed as is and tests pass recorded
// descriptors (no USB bus exists on the build machines).

export interface UsbDeviceDescriptorLike {
  idVendor: number;
  idProduct: number;
  /** 0 = "see each interface", 7 printer, 3 HID, 6 still image, 9 hub, 0xff vendor-specific. */
  bDeviceClass: number;
}

export interface UsbInterfaceDescriptorLike {
  bInterfaceClass: number;
}

export interface UsbDeviceLike {
  busNumber: number;
  deviceAddress: number;
  portNumbers?: number[] | undefined;
  deviceDescriptor: UsbDeviceDescriptorLike;
  /** A getter in `usb` that asks libusb and may throw (device gone, no permission). */
  readonly configDescriptor?: { interfaces: UsbInterfaceDescriptorLike[][] } | undefined;
}

/** `import * as usbModule from 'usb'` satisfies it: `getDeviceList()` and the `usb` hot-plug emitter. */
export interface UsbTransport {
  getDeviceList(): UsbDeviceLike[];
  usb: {
    on(event: 'attach' | 'detach', listener: (device: UsbDeviceLike) => void): unknown;
    removeListener(event: 'attach' | 'detach', listener: (device: UsbDeviceLike) => void): unknown;
  };
}

/** The real `usb`, loaded on first use so that a missing libusb is an "unknown" inventory, not a crash. */
export async function loadUsb(): Promise<UsbTransport> {
  const usbModule = await import('usb');
  const transport: UsbTransport = usbModule;
  return transport;
}

export const USB_CLASS = { hid: 0x03, printer: 0x07, stillImage: 0x06, hub: 0x09, vendorSpecific: 0xff } as const;
