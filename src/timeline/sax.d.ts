/** The part of sax (the streaming parser xml2js is built on) that src/timeline/xml.ts uses. */
declare module 'sax' {
  export interface Tag {
    name: string;
    attributes: Record<string, string>;
    isSelfClosing: boolean;
  }
  export interface SAXParser {
    line: number;
    /** Characters read so far. */
    position: number;
    column: number;
    onopentag: (tag: Tag) => void;
    onclosetag: (name: string) => void;
    ontext: (text: string) => void;
    oncdata: (text: string) => void;
    onerror: (err: Error) => void;
    write(chunk: string): SAXParser;
    close(): SAXParser;
  }
  export function parser(strict: boolean, options?: { trim?: boolean; normalize?: boolean; lowercase?: boolean; xmlns?: boolean; position?: boolean }): SAXParser;
}
