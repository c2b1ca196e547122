// Lists the SANE scanners the cabin can see: USB backends and, with sane-airscan, network scanners.
import { ScannerFault } from '../../shared/session/types';
import { runScanimage } from './scanimage';

export interface ScannerInfo {
  device: string;
  vendor: string;
  model: string;
  type: string;
}

/** Parses `scanimage -f '%d\t%v\t%m\t%t%n'` output. */
export function parseScannerList(text: string): ScannerInfo[] {
  return text
    .split('\n')
    .map((line) => line.split('\t'))
    .filter((fields) => fields.length >= 4 && fields[0]!.trim() !== '')
    .map(([device, vendor, model, type]) => ({ device: device!.trim(), vendor: vendor!.trim(), model: model!.trim(), type: type!.trim() }));
}

export async function listScanners(opts: { saneConfigDir?: string; timeoutMs?: number; scanimage?: string } = {}): Promise<ScannerInfo[]> {
  let text = '';
  let run;
  try {
    run = await runScanimage({
      binary: opts.scanimage,
      args: ['-f', '%d\t%v\t%m\t%t%n'],
      // Network discovery (airscan) waits for answers: allow it some seconds.
      timeoutMs: opts.timeoutMs ?? 20_000,
      saneConfigDir: opts.saneConfigDir,
      onStdout: (chunk) => (text += chunk.toString('utf8')),
    });
  } catch (error) {
    throw new ScannerFault('no-scanner', `scanimage introuvable : ${(error as Error).message}`);
  }
  if (run.stoppedBy === 'timeout') throw new ScannerFault('timeout', 'La recherche des scanners a dépassé le délai.');
  // scanimage exits 0 with no output when there is no scanner; anything else is an error of its own.
  if (run.outcome.code !== 0) throw new ScannerFault('unknown', `scanimage -f : ${run.outcome.stderr || `code ${run.outcome.code}`}`);
  return parseScannerList(text);
}
