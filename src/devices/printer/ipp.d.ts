// The parts of npm `ipp` 2.0.1 (untyped CommonJS) that the printer driver uses.
declare module 'ipp' {
  type IppValue = string | number | boolean | Date | [number, number] | IppValue[] | { [name: string]: IppValue } | null | undefined;
  export type IppGroup = Record<string, IppValue>;
  export interface IppMessage {
    version?: string;
    operation?: string;
    statusCode?: string;
    id?: number;
    'operation-attributes-tag'?: IppGroup;
    'job-attributes-tag'?: IppGroup | IppGroup[];
    'printer-attributes-tag'?: IppGroup | IppGroup[];
    'unsupported-attributes-tag'?: IppGroup;
    data?: Buffer;
  }
  interface Syntax {
    type: string;
    tag: number;
  }
  interface Parse {
    (buf: Buffer): IppMessage;
    handleUnknownTag(tag: number, name: string, length: number, read: (length: number) => string): unknown;
  }
  const ipp: {
    serialize(msg: IppMessage): Buffer;
    parse: Parse;
    attributes: Record<string, Record<string, Syntax | unknown>>;
    enums: Record<string, Record<string, number> & { lookup: string[] }>;
    tags: Record<string, number>;
  };
  export default ipp;
}
