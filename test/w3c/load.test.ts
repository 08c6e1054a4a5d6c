import { cpSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  KERNEL_SOURCES,
  KERNEL_STAMP,
  KERNEL_WASM,
  kernelFingerprint,
  readScanKernel,
} from '../../src/w3c/load.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iis-kernel-'));
  cpSync(KERNEL_SOURCES, join(dir, 'src'), { recursive: true });
  cpSync(KERNEL_WASM, join(dir, 'k.wasm'));
  cpSync(KERNEL_STAMP, join(dir, 'k.json'));
});

describe('loading the scan kernel', () => {
  it('takes a build made from the sources as they are', () => {
    const k = readScanKernel(join(dir, 'k.wasm'), join(dir, 'src'));
    expect(k.problem).toBeNull();
    expect(k.module).toBeInstanceOf(WebAssembly.Module);
  });

  it('takes it when the sources were only touched (a checkout), their contents unchanged', () => {
    utimesSync(join(dir, 'src', 'kernel', 'scan.ts'), new Date(), new Date(Date.UTC(2031, 0, 1)));
    expect(readScanKernel(join(dir, 'k.wasm'), join(dir, 'src')).problem).toBeNull();
  });

  it('refuses a build of other sources, and says how to make a new one', () => {
    writeFileSync(
      join(dir, 'src', 'kernel', 'scan.ts'),
      `${readFileSync(join(dir, 'src', 'kernel', 'scan.ts'), 'utf8')}\n// edited\n`,
    );
    expect(kernelFingerprint(join(dir, 'src'))).not.toBe(kernelFingerprint());
    expect(readScanKernel(join(dir, 'k.wasm'), join(dir, 'src'))).toEqual({
      module: null,
      problem: 'the scan kernel was built from older sources (npm run build)',
    });
  });

  it('says so when there is no build, or it is not WebAssembly', () => {
    expect(readScanKernel(join(dir, 'none.wasm'), join(dir, 'src')).problem).toMatch(/not built/);
    writeFileSync(join(dir, 'k.wasm'), 'not a module');
    expect(readScanKernel(join(dir, 'k.wasm'), join(dir, 'missing')).problem).toMatch(
      /could not be loaded: .*WebAssembly/,
    );
  });

  it('takes the build as it is where its sources are absent (an installed package)', () => {
    writeFileSync(join(dir, 'k.json'), '{"src":"something else"}\n');
    expect(readScanKernel(join(dir, 'k.wasm'), join(dir, 'no-sources')).problem).toBeNull();
  });
});
