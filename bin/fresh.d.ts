export declare const STAMP: string;
export declare function listing(dir: string): string;
export declare function isDistFresh(root: string): boolean;
