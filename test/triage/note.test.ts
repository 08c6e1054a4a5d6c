import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initialState, MAX_TURN_CHARS, turn } from '../../src/dialog/index.js';
import { loadKnowledge, type Knowledge } from '../../src/knowledge/index.js';
import {
  buildConversationNote,
  buildTriageNote,
  renderNoteMarkdown,
} from '../../src/triage/index.js';

let knowledge: Knowledge;
beforeAll(async () => {
  knowledge = await loadKnowledge();
});

const FIELDS =
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken';
const line = (user: string, triple: string) =>
  `2024-05-02 08:14:03 10.0.0.5 GET /intranet/ - 80 ${user} 10.0.0.23 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) - ${triple} 3`;
const HANDSHAKE = [
  '#Software: Microsoft Internet Information Services 10.0',
  FIELDS,
  line('-', '401 2 5'),
  line('-', '401 1 2148074254'),
  line('CONTOSO\\alice', '200 0 0'),
].join('\n');

describe('buildTriageNote', () => {
  it('says a logged, completed handshake is normal and asks only for log lines beyond its checks', () => {
    const note = buildTriageNote(`Is this a problem?\n${HANDSHAKE}`, knowledge);
    expect(note.normal).toBe(true);
    expect(note.verdict).toBe(
      'The log shows a completed logon: the normal Windows authentication challenge, not a fault.',
    );
    expect(note.facts.logs).toMatchObject({
      entries: 3,
      clients: 1,
      withHeader: true,
      completedHandshakes: 1,
      failedHandshakes: 0,
    });
    expect(note.facts.logs?.summary.join('\n')).toMatch(
      /1 completed handshake: 401\.2 \(5\) → 401\.1 \(2148074254\) → 200 from 10\.0\.0\.23 on \/intranet\/, logged on as CONTOSO\\alice\./,
    );
    expect(note.facts.iisVersion).toMatchObject({ value: 'iis7', source: 'log' });
    expect(note.collect.map((c) => c.id)).toEqual(['check-ntlm-handshake-normal', 'logs']);
  });

  it('decodes each win32 value and names what each code means', () => {
    const note = buildTriageNote(`${FIELDS}\n${line('-', '401 1 1326')}`, knowledge);
    const [code] = note.facts.codes;
    expect(code).toMatchObject({
      status: 401,
      substatus: 1,
      win32: 1326,
      label: '401.1 with win32 1326 (ERROR_LOGON_FAILURE)',
      benign: false,
      source: 'log',
      win32Decoded: { hex: '0x52E', name: 'ERROR_LOGON_FAILURE' },
    });
    expect(code?.meaning).toMatch(/^Logon failed/);
    expect(note.verdict).toMatch(
      /^401\.1 with win32 1326 \(ERROR_LOGON_FAILURE\) - Logon failed\./,
    );
  });

  it('reports what was masked by kind and count, never the values', () => {
    const note = buildTriageNote(
      [
        'Authorization: Basic dXNlcjpIdW50ZXIyc3VwM3I=',
        'password=Hunter2sup3r',
        `${FIELDS}\n${line('-', '401 1 1326')}`,
      ].join('\n'),
      knowledge,
    );
    expect(note.redactions).toEqual(
      expect.arrayContaining([
        { kind: 'authorization', count: 1 },
        { kind: 'password', count: 1 },
      ]),
    );
    const markdown = renderNoteMarkdown(note);
    expect(markdown).toContain(
      'Masked before reading, and not shown here: 1 Authorization header value and 1 password.',
    );
    for (const out of [markdown, JSON.stringify(note)]) {
      expect(out).not.toContain('Hunter2sup3r');
      expect(out).not.toContain('dXNlcjpIdW50ZXIyc3VwM3I');
    }
  });

  it('asks for setspn on the host in the URL, and the appcmd settings of its path, when Kerberos is in play', () => {
    const note = buildTriageNote(
      'Users get a password prompt on https://portal.contoso.com/app/ since we changed the app pool identity to a domain service account. IIS 10, Windows auth on. Log: 401 1 2148074252',
      knowledge,
    );
    expect(note.causes[0]?.id).toBe('kerberos-spn-missing');
    const spn = note.collect.find((c) => c.id === 'spn');
    expect(spn?.steps.join('\n')).toContain('`setspn -Q HTTP/portal.contoso.com`');
    expect(spn?.steps.join('\n')).toContain('`setspn -L <pool account>`');
    const settings = note.collect.find((c) => c.id === 'auth-settings');
    expect(settings?.steps.join('\n')).toContain(
      '`%windir%\\system32\\inetsrv\\appcmd list config "<site name>/app" -section:system.webServer/security/authentication/windowsAuthentication`',
    );
  });

  it('adds Failed Request Tracing with its appcmd commands for an unexplained 401 on IIS 7-10, not on IIS 6', () => {
    const iis10 = buildTriageNote(
      'IIS 10: our API answers HTTP Error 401.3 - Unauthorized',
      knowledge,
    );
    const freb = iis10.collect.find((c) => c.id === 'freb');
    expect(freb?.steps.join('\n')).toMatch(/appcmd set config .*traceFailedRequests/);
    const iis6 = buildTriageNote(
      'IIS 6 on Server 2003: every page under /docs gives HTTP Error 401.3 - Unauthorized',
      knowledge,
    );
    expect(iis6.collect.map((c) => c.id)).not.toContain('freb');
    const settings = iis6.collect.find((c) => c.id === 'auth-settings');
    if (settings) expect(settings.steps.join('\n')).toMatch(/adsutil\.vbs GET W3SVC/);
  });

  it('asks for the substatus when the ticket has no status code', () => {
    const note = buildTriageNote(
      'users cannot log on to the intranet site since Monday, they get an access denied page',
      knowledge,
    );
    expect(note.verdict).toMatch(/^No IIS status code in the ticket\./);
    const substatus = note.collect.find((c) => c.id === 'substatus');
    expect(substatus?.steps.join('\n')).toMatch(/sc-substatus/);
    expect(note.questions.length).toBeGreaterThanOrEqual(2);
  });

  it('answers a how-to ticket with the how-to steps only', () => {
    const note = buildTriageNote('Where does IIS 10 store its log files?', knowledge);
    expect(note.verdict).toBe(`The ticket asks: ${note.causes[0]?.title}.`);
    expect(note.collect.map((c) => c.id)).toEqual(['check-howto-find-logs']);
  });

  it('reads only the start of a very long ticket and says so', () => {
    const long = `401.1 with 1326\n${'x '.repeat(MAX_TURN_CHARS)}`;
    const note = buildTriageNote(long, knowledge);
    expect(note.truncated).toBe(true);
    expect(renderNoteMarkdown(note)).toContain('only its beginning was read');
  });

  it('is deterministic and plain JSON', () => {
    const text = `${FIELDS}\n${line('-', '401 2 5')}\n${line('-', '401 1 2148074252')}`;
    const a = buildTriageNote(text, knowledge);
    expect(buildTriageNote(text, knowledge)).toEqual(a);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });
});

describe('buildConversationNote', () => {
  it('uses the answers given in chat, lists them, and does not ask them again', () => {
    const first = turn(initialState(), '401.2 on the intranet site', knowledge);
    const question = first.reply.question;
    expect(question).toBeDefined();
    const value = knowledge.facts.find((f) => f.id === question!.fact)!.answers[0]!.value;
    const second = turn(first.state, { type: 'answer', fact: question!.fact, value }, knowledge);
    const note = buildConversationNote(second.state, knowledge);
    expect(note.facts.answered).toContainEqual(
      expect.objectContaining({ fact: question!.fact, value, source: 'answered' }),
    );
    expect(note.questions.map((q) => q.fact)).not.toContain(question!.fact);
    expect(note.causes.map((c) => ({ id: c.id, score: c.score }))).toEqual(
      second
        .diagnosis!.ranked.slice(0, note.causes.length)
        .map((r) => ({ id: r.id, score: r.score })),
    );
    expect(note.facts.codes.map((c) => c.label)).toEqual(['401.2']);
    expect(renderNoteMarkdown(note)).toContain('(answered in chat)');
  });
});

describe('src/triage', () => {
  const dir = join('src', 'triage');
  it.each(readdirSync(dir).map((f) => join(dir, f)))(
    '%s stays free of I/O, adapters, clocks and randomness',
    (file) => {
      expect(readFileSync(file, 'utf8')).not.toMatch(
        /from '(botbuilder[^']*|restify[^']*|@slack\/(?!types')[^']*|node:[^']*)'|from '\.\.\/(channels|server|cli|state)\/|\bprocess\.|\bconsole\.|Date\.now\(|new Date\(\)|Math\.random\(/,
      );
    },
  );
});
