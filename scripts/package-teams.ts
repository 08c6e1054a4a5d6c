/**
 * Builds the Teams app package: manifest.json, color.png and outline.png at the root of a zip in
 * manifest/build/. The bot id comes from MicrosoftAppId when set (else the placeholder GUID stays),
 * the app id from TEAMS_APP_ID, the version from package.json. Prints the zip's path last.
 * Run: npm run package
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { zipSync } from 'fflate';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The made-up GUID manifest/manifest.json carries as its app id and bot id until replaced. */
export const PLACEHOLDER_ID = '3f2a9c64-7d1e-4b8a-9e25-61c0d4b7a813';
/** Hosts reserved for examples (RFC 2606): no real app points its users there. */
const EXAMPLE_HOST = /(^|\.)example\.(com|net|org)$/i;
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, 'manifest');

interface Manifest {
  id: string;
  version: string;
  developer?: Record<string, unknown>;
  bots?: { botId: string }[];
  composeExtensions?: { botId?: string }[];
  [key: string]: unknown;
}

/** Width and height from a PNG's IHDR chunk. */
export const pngSize = (png: Uint8Array): { width: number; height: number } | null => {
  const b = Buffer.from(png);
  const signature = '89504e470d0a1a0a';
  if (b.length < 24 || b.subarray(0, 8).toString('hex') !== signature) return null;
  if (b.subarray(12, 16).toString('ascii') !== 'IHDR') return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
};

export const buildManifest = (
  template: Manifest,
  env: Record<string, string | undefined>,
  version: string,
): Manifest => {
  const appId = env.MicrosoftAppId?.trim();
  const teamsAppId = env.TEAMS_APP_ID?.trim();
  for (const [name, value] of [
    ['MicrosoftAppId', appId],
    ['TEAMS_APP_ID', teamsAppId],
  ] as const) {
    if (value && !GUID.test(value)) throw new Error(`${name} must be a GUID, got "${value}"`);
  }
  return {
    ...template,
    version,
    ...(teamsAppId ? { id: teamsAppId } : {}),
    ...(template.bots
      ? { bots: template.bots.map((b) => ({ ...b, ...(appId ? { botId: appId } : {}) })) }
      : {}),
    // the message action runs on the same bot
    ...(template.composeExtensions
      ? {
          composeExtensions: template.composeExtensions.map((c) => ({
            ...c,
            ...(appId ? { botId: appId } : {}),
          })),
        }
      : {}),
  };
};

/** What still needs replacing before the package goes to a real tenant, one line each. */
export const packageWarnings = (manifest: Manifest): string[] => {
  const warnings: string[] = [];
  if (manifest.id === PLACEHOLDER_ID)
    warnings.push(
      'the app id is the placeholder GUID: set TEAMS_APP_ID (or put your own "id" in manifest/manifest.json)',
    );
  const botIds = [...(manifest.bots ?? []), ...(manifest.composeExtensions ?? [])].map(
    (b) => b.botId,
  );
  if (botIds.includes(PLACEHOLDER_ID))
    warnings.push(
      "the bot id is the placeholder GUID: set MicrosoftAppId to the bot's Entra app id",
    );
  const examples = Object.entries(manifest.developer ?? {}).filter(([, url]) => {
    if (typeof url !== 'string' || !URL.canParse(url)) return false;
    return EXAMPLE_HOST.test(new URL(url).hostname);
  });
  if (examples.length > 0) {
    const names = examples.map(([k]) => `developer.${k}`);
    const hosts = [...new Set(examples.map(([, url]) => new URL(url as string).hostname))];
    warnings.push(
      `${names.join(', ')} point at ${hosts.join(', ')}: put your own URLs in manifest/manifest.json`,
    );
  }
  return warnings;
};

const main = async (): Promise<void> => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const template = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const manifest = buildManifest(template, process.env, pkg.version);
  const problems = await AppManifestUtils.validateAgainstSchema(manifest as never);
  if (problems.length) throw new Error(`manifest.json is invalid:\n  ${problems.join('\n  ')}`);

  const icons = { 'color.png': 192, 'outline.png': 32 };
  const files: Record<string, Uint8Array> = {
    'manifest.json': Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`),
  };
  for (const [name, side] of Object.entries(icons)) {
    const png = readFileSync(join(dir, name));
    const size = pngSize(png);
    if (size?.width !== side || size.height !== side) {
      throw new Error(`${name} must be a ${side}x${side} PNG (run: npx tsx scripts/draw-icons.ts)`);
    }
    files[name] = png;
  }
  const zip = zipSync(files, { level: 9, mtime: new Date('2020-01-01T00:00:00Z') });
  const outDir = join(dir, 'build');
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, `iis-triage-${pkg.version}.zip`);
  writeFileSync(out, zip);
  const botId = manifest.bots?.[0]?.botId ?? '(none)';
  console.log(`app id ${manifest.id}, bot id ${botId}`);
  // on standard error, so the zip's path stays the last line of standard output
  for (const w of packageWarnings(manifest)) console.error(`warning: ${w}`);
  console.log(`${Object.keys(files).join(', ')} -> ${relative(root, out)} (${zip.length} bytes)`);
  console.log(out);
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}
