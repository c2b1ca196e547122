export { countPdfPages } from './pages';
export { A4_POINTS, jpegPdfChunks, writeJpegPdf, type JpegPage } from './jpeg-pdf';
