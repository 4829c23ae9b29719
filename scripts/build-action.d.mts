import type { BuildOptions, Message } from 'esbuild';

export declare const packageRoot: string;
export declare const bundleFile: string;
export declare const actionBuildOptions: BuildOptions & { write: false };
export declare function bundleAction(): Promise<{ contents: Uint8Array; warnings: Message[] }>;
