// cabine devices list: what this machine sees — CUPS queues (lpstat), SANE scanners
// (src/devices/scanner: scanimage -f), HID interfaces (src/devices/hid: node-hid) and USB
// devices (src/devices/usb: libusb) — marking those the config names.
import { parseArgs } from 'node:util';
import { loadNodeHid, type HidDeviceInfo } from '../../devices/hid/transport';
import { listScanners, type ScannerInfo } from '../../devices/scanner/list';
import { loadUsb } from '../../devices/usb/transport';
import { listQueues, type QueueInfo } from '../doctor/cups';
import { EXIT, UsageError, type CliIo } from '../io';
import { loadConfig } from '../load-config';

export const DEVICES_HELP = `Usage : cabine devices list [--config FICHIER] [--json]
  Liste les files d'impression CUPS, les scanners SANE, les périphériques HID et USB,
  et marque d'une étoile ceux que la configuration désigne.
`;

interface UsbEntry {
  vendorId: number;
  productId: number;
  bus: number;
  address: number;
  deviceClass: number;
}

export interface DeviceInventory {
  printers: { queues: (QueueInfo & { configured: boolean })[]; error: string | null };
  scanners: { devices: (ScannerInfo & { configured: boolean })[]; error: string | null };
  hid: {
    devices: (Pick<HidDeviceInfo, 'vendorId' | 'productId' | 'product' | 'manufacturer' | 'path' | 'usagePage' | 'usage' | 'interface'> & {
      role: string | null;
    })[];
    error: string | null;
  };
  usb: { devices: UsbEntry[]; error: string | null };
}

const hex = (n: number) => n.toString(16).padStart(4, '0');

export async function inventory(io: CliIo, configFile: string | undefined): Promise<DeviceInventory> {
  const loaded = await loadConfig(configFile, io);
  const devices = loaded.ok ? loaded.config.devices : null;
  const server = devices?.printer.server ?? io.env.CUPS_SERVER;
  const saneConfigDir = io.env.SANE_CONFIG_DIR;
  const [cups, sane, hid, usb] = await Promise.all([
    listQueues({ server, env: io.env }),
    listScanners({ timeoutMs: 20_000, ...(saneConfigDir ? { saneConfigDir } : {}) }).then(
      (found) => ({ found, error: null as string | null }),
      (error: Error) => ({ found: [] as ScannerInfo[], error: error.message }),
    ),
    loadNodeHid()
      .then((t) => t.devicesAsync())
      .then(
        (found) => ({ found, error: null as string | null }),
        (error: Error) => ({ found: [] as HidDeviceInfo[], error: error.message }),
      ),
    loadUsb().then(
      (t) => ({
        found: t.getDeviceList().map((d) => ({
          vendorId: d.deviceDescriptor.idVendor,
          productId: d.deviceDescriptor.idProduct,
          bus: d.busNumber,
          address: d.deviceAddress,
          deviceClass: d.deviceDescriptor.bDeviceClass,
        })),
        error: null as string | null,
      }),
      (error: Error) => ({ found: [] as UsbEntry[], error: error.message }),
    ),
  ]);
  const occ = devices?.occupancy.enabled ? devices.occupancy.profile : undefined;
  const badge = devices?.badge.enabled ? devices.badge : undefined;
  const roleOf = (d: { vendorId: number; productId: number }) =>
    occ && d.vendorId === occ.vendorId && d.productId === occ.productId
      ? 'capteur de présence'
      : badge && d.vendorId === badge.vendorId && d.productId === badge.productId
        ? 'lecteur de badge'
        : null;
  return {
    printers: { queues: cups.queues.map((q) => ({ ...q, configured: !!devices?.printer.enabled && q.name === devices.printer.queue })), error: cups.error },
    scanners: {
      devices: sane.found.map((s, i) => ({
        ...s,
        configured: !!devices?.scanner.enabled && (devices.scanner.device ? s.device === devices.scanner.device : i === 0),
      })),
      error: sane.error,
    },
    hid: {
      devices: hid.found.map((d) => ({
        vendorId: d.vendorId,
        productId: d.productId,
        product: d.product,
        manufacturer: d.manufacturer,
        path: d.path,
        usagePage: d.usagePage,
        usage: d.usage,
        interface: d.interface,
        role: roleOf(d),
      })),
      error: hid.error,
    },
    usb: { devices: usb.found, error: usb.error },
  };
}

export function formatInventory(inv: DeviceInventory): string {
  const out: string[] = [];
  const section = (title: string, error: string | null, lines: string[], none: string) => {
    out.push(`${title} :`);
    if (error) out.push(`  (impossible de lister : ${error})`);
    else if (lines.length === 0) out.push(`  ${none}`);
    else out.push(...lines);
  };
  section(
    'Files d’impression (CUPS)',
    inv.printers.error,
    inv.printers.queues.map(
      (q) =>
        `${q.configured ? '* ' : '  '}${q.name}  ${q.enabled ? 'active' : 'arrêtée'}${q.accepting === false ? ', refuse les travaux' : ''}${q.alerts.length ? ` [${q.alerts.join(' ')}]` : ''}  ${q.deviceUri ?? ''}`,
    ),
    'aucune file',
  );
  section(
    'Scanners (SANE)',
    inv.scanners.error,
    inv.scanners.devices.map((s) => `${s.configured ? '* ' : '  '}${s.device}  ${s.vendor} ${s.model} (${s.type})`),
    'aucun scanner',
  );
  section(
    'Périphériques HID',
    inv.hid.error,
    inv.hid.devices.map(
      (d) =>
        `${d.role ? '* ' : '  '}${hex(d.vendorId)}:${hex(d.productId)}  ${[d.manufacturer, d.product].filter(Boolean).join(' ') || '(sans nom)'}  ${d.path ?? ''}${d.role ? `  ← ${d.role}` : ''}`,
    ),
    'aucun (capteur de présence et lecteur de badge absents, ou /dev/hidraw* inaccessible)',
  );
  section(
    'Périphériques USB',
    inv.usb.error,
    inv.usb.devices.map((d) => `  ${hex(d.vendorId)}:${hex(d.productId)}  bus ${d.bus} adresse ${d.address}`),
    'aucun',
  );
  out.push('* : désigné par la configuration.');
  return out.join('\n') + '\n';
}

export async function devicesCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'list') throw new UsageError(sub ? `sous-commande inconnue : devices ${sub}` : 'il manque la sous-commande : cabine devices list');
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { config: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length > 0) throw new UsageError(`argument inattendu : ${positionals[0]}`);
  const inv = await inventory(io, values.config);
  io.stdout(values.json ? JSON.stringify(inv, null, 2) + '\n' : formatInventory(inv));
  return EXIT.ok;
}
