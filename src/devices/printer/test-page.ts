// Cabine's printer test sheet: one A4 page a technician can read at a glance (queue, time, margins, grays).
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { A4_POINTS } from '../pdf';

export async function testPagePdf(info: { queue: string; now?: Date }): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  // No title, author or dates in the file's metadata.
  doc.setProducer('Cabine');
  doc.setCreator('Cabine');
  const page = doc.addPage([A4_POINTS.width, A4_POINTS.height]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const { width, height } = page.getSize();
  const margin = 28; // ~1 cm: what most printers can reach
  page.drawRectangle({ x: margin, y: margin, width: width - 2 * margin, height: height - 2 * margin, borderColor: rgb(0, 0, 0), borderWidth: 1 });
  page.drawText('Cabine — page de test', { x: 60, y: height - 100, size: 26, font: bold });
  const when = (info.now ?? new Date()).toLocaleString('fr-FR', { timeZone: 'Europe/Paris' });
  const lines = [
    `File d'impression : ${info.queue}`,
    `Imprimée le : ${when}`,
    'Si ce cadre est complet et les cinq carrés gris bien distincts,',
    "l'imprimante est prête pour les habitants.",
  ];
  lines.forEach((line, i) => page.drawText(line, { x: 60, y: height - 150 - i * 22, size: 13, font }));
  for (let i = 0; i < 5; i++) {
    const shade = i / 4;
    page.drawRectangle({
      x: 60 + i * 95,
      y: height - 330,
      width: 80,
      height: 80,
      color: rgb(shade, shade, shade),
      borderColor: rgb(0, 0, 0),
      borderWidth: 0.5,
    });
  }
  return doc.save({ useObjectStreams: false });
}
