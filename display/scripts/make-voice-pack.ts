/**
 * Generates the board's voice pack from a speech synthesiser packaged by Debian, so the pack
 * can be rebuilt anywhere and no recording has an unclear licence:
 *
 *   apt-get install -y espeak-ng opus-tools
 *   npm run voice-pack -w display          # writes display/static/voice/ (commit the result)
 *
 * Every segment of `src/lib/voice/vocabulary.ts` is spoken by espeak-ng (Mandarin from pinyin
 * with tone numbers, letters in the Mandarin voice, English in en-gb), trimmed of silence,
 * evened out in loudness and encoded as Ogg Opus (speech bitrate; a fixed stream serial so
 * the same input gives the same bytes). The chime is synthesised here. `pack.json` maps
 * segment ids to files: the only thing the board reads. See docs/display.md for replacing
 * recordings with a site's own.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chime, encodeWav, normalise, parseWav, trimSilence } from '../src/lib/voice/pcm';
import { CHIME, VOCABULARY } from '../src/lib/voice/vocabulary';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../static/voice');
const BITRATE_KBPS = '20';
/** Words per minute: slower than espeak's 175 default, for a hall with echo. */
const SPEED: Record<string, string> = { 'cmn-latn-pinyin': '150', cmn: '150', 'en-gb': '150' };

function need(tool: string, pkg: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
  } catch {
    console.error(`${tool} not found: apt-get install -y ${pkg}`);
    process.exit(1);
  }
}

function version(tool: string, args: string[]): string {
  return (
    execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')[0]
      ?.trim() ?? tool
  );
}

const espeak = need('espeak-ng', 'espeak-ng');
const opusenc = need('opusenc', 'opus-tools');
const tmp = mkdtempSync(path.join(tmpdir(), 'cb-voice-'));
rmSync(OUT, { recursive: true, force: true });

const segments: Record<string, string> = {};
try {
  for (const seg of VOCABULARY) {
    const pcm =
      seg.id === CHIME
        ? chime()
        : normalise(
            trimSilence(
              parseWav(
                execFileSync(espeak, ['-v', seg.voice, '-s', SPEED[seg.voice] ?? '140', '--stdout', seg.say], {
                  stdio: ['ignore', 'pipe', 'ignore'],
                }),
              ),
            ),
          );
    if (pcm.samples.length === 0) throw new Error(`${seg.id}: the synthesiser produced silence for "${seg.say}"`);
    const wav = path.join(tmp, 'segment.wav');
    writeFileSync(wav, encodeWav(pcm));
    const file = path.join(OUT, seg.file);
    mkdirSync(path.dirname(file), { recursive: true });
    execFileSync(opusenc, ['--quiet', '--bitrate', BITRATE_KBPS, '--serial', '1', wav, file]);
    segments[seg.id] = seg.file;
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const pack = {
  v: 1,
  generator: `display/scripts/make-voice-pack.ts: ${version(espeak, ['--version'])}; ${version(opusenc, ['--version'])}`,
  segments,
};
writeFileSync(path.join(OUT, 'pack.json'), `${JSON.stringify(pack, null, 2)}\n`);

let bytes = 0;
const walk = (dir: string): void => {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else bytes += statSync(p).size;
  }
};
walk(OUT);
console.log(`${Object.keys(segments).length} segments, ${(bytes / 1024).toFixed(0)} kB in ${path.relative(process.cwd(), OUT)}`);
