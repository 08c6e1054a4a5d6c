import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildManifest, pngSize } from '../../scripts/package-teams.js';
import { drawColor, drawOutline } from '../../scripts/draw-icons.js';
import { TRIAGE_COMMAND_ID } from '../../src/channels/teams/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = join(root, 'manifest');
const read = (name: string): Buffer => readFileSync(join(dir, name));
const manifest = (): Record<string, unknown> & { bots: Record<string, unknown>[] } =>
  JSON.parse(read('manifest.json').toString('utf8')) as Record<string, unknown> & {
    bots: Record<string, unknown>[];
  };

/** Alpha and colour of every pixel of an unfiltered 8-bit RGBA PNG (what draw-icons writes). */
const pixels = async (png: Buffer): Promise<Uint8Array> => {
  const { inflateSync } = await import('node:zlib');
  const parts: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const len = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT')
      parts.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  return inflateSync(Buffer.concat(parts));
};

describe('Teams manifest', () => {
  it('validates against the official 1.25 schema offline', async () => {
    const m = manifest();
    expect(m.$schema).toBe(
      'https://developer.microsoft.com/json-schemas/teams/v1.25/MicrosoftTeams.schema.json',
    );
    expect(await AppManifestUtils.validateAgainstSchema(m as never)).toEqual([]);
  });

  it('reports a broken manifest (the check can fail)', async () => {
    const m = manifest();
    const broken = {
      ...m,
      accentColor: undefined,
      bots: [{ ...m.bots[0], scopes: ['groupchat'] }],
    };
    const problems = await AppManifestUtils.validateAgainstSchema(broken as never);
    expect(problems.join('\n')).toMatch(/accentColor/);
    expect(problems.join('\n')).toMatch(/scopes/);
  });

  it('declares the bot in personal, team and group chat, with files and prompt starters', () => {
    const bot = manifest().bots[0] as {
      botId: string;
      scopes: string[];
      supportsFiles: boolean;
      commandLists: { scopes: string[]; commands: { title: string }[] }[];
    };
    expect(bot.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot.supportsFiles).toBe(true);
    expect(bot.botId).toMatch(/^[0-9a-f-]{36}$/);
    const scopes = bot.commandLists.flatMap((l) => l.scopes).sort();
    expect(scopes).toEqual(['groupChat', 'personal', 'team']);
    for (const list of bot.commandLists) {
      expect(list.commands.length).toBeGreaterThan(2);
      expect(list.commands.length).toBeLessThanOrEqual(12);
      expect(list.commands.map((c) => c.title)).toContain('help');
    }
  });

  it('declares the "Triage with iis-triage" message action on the same bot, handled without fetchTask', () => {
    const m = manifest() as { composeExtensions?: Record<string, unknown>[] } & {
      bots: { botId: string }[];
    };
    expect(m.composeExtensions).toHaveLength(1);
    const extension = m.composeExtensions![0] as {
      botId: string;
      commands: {
        id: string;
        type: string;
        title: string;
        context: string[];
        fetchTask: boolean;
        parameters: { name: string; isRequired?: boolean }[];
      }[];
    };
    expect(extension.botId).toBe(m.bots[0]!.botId);
    expect(extension.commands).toHaveLength(1);
    const command = extension.commands[0]!;
    expect(command).toMatchObject({
      id: TRIAGE_COMMAND_ID,
      type: 'action',
      title: 'Triage with iis-triage',
      context: ['message'],
      fetchTask: false,
    });
    // the static form: one optional field read together with the message (data.context)
    expect(command.parameters).toEqual([
      expect.objectContaining({ name: 'context', isRequired: false }),
    ]);
  });

  it('refuses a message action the schema does not allow (the check covers the new command)', async () => {
    const m = manifest() as unknown as {
      composeExtensions: { commands: Record<string, unknown>[] }[];
    };
    const [extension] = m.composeExtensions;
    const broken = {
      ...m,
      composeExtensions: [
        {
          ...extension,
          commands: [{ ...extension!.commands[0], context: ['thread'], title: 'x'.repeat(40) }],
        },
      ],
    };
    const problems = (await AppManifestUtils.validateAgainstSchema(broken as never)).join('\n');
    expect(problems).toMatch(/context/);
    expect(problems).toMatch(/title/);
  });

  it('has a 192x192 colour icon and a 32x32 outline icon', () => {
    expect(pngSize(read('color.png'))).toEqual({ width: 192, height: 192 });
    expect(pngSize(read('outline.png'))).toEqual({ width: 32, height: 32 });
  });

  it('draws the outline white on transparent, and the committed icons are what the script draws', async () => {
    const px = await pixels(read('outline.png'));
    let opaque = 0;
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const o = y * (32 * 4 + 1) + 1 + x * 4;
        const alpha = px[o + 3]!;
        if (alpha > 0) {
          opaque++;
          expect([px[o], px[o + 1], px[o + 2]]).toEqual([255, 255, 255]);
        }
      }
    }
    expect(opaque).toBeGreaterThan(50);
    expect(opaque).toBeLessThan(32 * 32 - 200);
    expect(drawColor().equals(read('color.png'))).toBe(true);
    expect(drawOutline().equals(read('outline.png'))).toBe(true);
  });

  it('puts MicrosoftAppId into the bot id and refuses ids that are not GUIDs', () => {
    const m = manifest() as never;
    const id = '11111111-2222-3333-4444-555555555555';
    const built = buildManifest(m, { MicrosoftAppId: id }, '1.2.3');
    expect((built.bots ?? [])[0]?.botId).toBe(id);
    expect((built.composeExtensions ?? [])[0]?.botId).toBe(id);
    expect(built.version).toBe('1.2.3');
    expect(buildManifest(m, {}, '1.2.3').bots?.[0]?.botId).toBe(manifest().bots[0]!.botId);
    expect(() => buildManifest(m, { MicrosoftAppId: 'my-bot' }, '1.0.0')).toThrow(/GUID/);
  });
});

describe('npm run package', () => {
  it('builds a zip with the manifest and both icons at the root and prints its path last', async () => {
    const run = promisify(execFile);
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    const id = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    const { stdout } = await run(tsx, ['scripts/package-teams.ts'], {
      cwd: root,
      env: { ...process.env, MicrosoftAppId: id },
    });
    const last = stdout.trim().split('\n').at(-1)!;
    expect(last).toMatch(/manifest\/build\/iis-triage-[\d.]+\.zip$/);
    const entries = unzipSync(readFileSync(last));
    expect(Object.keys(entries).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const packed = JSON.parse(Buffer.from(entries['manifest.json']!).toString('utf8')) as {
      bots: { botId: string }[];
    };
    expect(packed.bots[0]!.botId).toBe(id);
    expect(pngSize(entries['color.png']!)).toEqual({ width: 192, height: 192 });
  }, 60_000);
});
