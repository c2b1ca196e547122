// A document's name on the screens: a scan is named in the resident's language ("Scanned document 2"); a download
// keeps the name the site gave it.
import type { TFunction } from 'i18next';
import type { DocumentSummary } from '../../shared/ipc/contract';

export function documentLabel(doc: Pick<DocumentSummary, 'kind' | 'label' | 'scanNumber'>, t: TFunction): string {
  return doc.kind === 'scan' && doc.scanNumber ? t('documents.scanLabel', { n: doc.scanNumber }) : doc.label;
}
