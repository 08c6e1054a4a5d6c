export declare const STAMP: string;
export declare function hash64(text: string): string;
export declare function fingerprint(dir: string): string;
export declare function isDistFresh(root: string): boolean;
