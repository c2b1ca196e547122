export { countPdfPages } from './pages';
export { A4_POINTS, jpegPdfChunks, writeJpegPdf, writeJpegPdfSync, type JpegPage } from './jpeg-pdf';
