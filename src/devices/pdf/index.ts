export { countPdfPages } from './pages';
export { A4_POINTS, jpegPdfChunks, placeImages, writeJpegPdf, writeJpegPdfSync, type JpegPage, type JpegSheet, type PdfPageSpec } from './jpeg-pdf';
