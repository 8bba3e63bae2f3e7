/**
 * 16-bit mono PCM helpers for the voice pack generator (`scripts/make-voice-pack.ts`): read
 * the WAV a synthesiser writes, trim its silence, even out loudness, synthesise the chime,
 * write WAV again. Pure functions over typed arrays; not used by the board at run time.
 */

export interface Pcm {
  sampleRate: number;
  samples: Int16Array;
}

/** Reads a PCM WAV (mono or the first channel of several). espeak-ng's `--stdout` leaves the
 *  data size unset (0 or 0x7fffffff): then the data runs to the end of the file. */
export function parseWav(bytes: Uint8Array): Pcm {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let at = 12;
  let channels = 0;
  let sampleRate = 0;
  let bits = 0;
  while (at + 8 <= bytes.length) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      const format = view.getUint16(body, true);
      channels = view.getUint16(body + 2, true);
      sampleRate = view.getUint32(body + 4, true);
      bits = view.getUint16(body + 14, true);
      if (format !== 1 || bits !== 16) throw new Error(`only 16-bit PCM WAV is supported (format ${format}, ${bits} bits)`);
    } else if (id === 'data') {
      if (!channels) throw new Error('WAV data before its fmt chunk');
      const end = size === 0 || body + size > bytes.length ? bytes.length : body + size;
      const frames = Math.floor((end - body) / (2 * channels));
      const samples = new Int16Array(frames);
      for (let i = 0; i < frames; i++) samples[i] = view.getInt16(body + i * 2 * channels, true);
      return { sampleRate, samples };
    }
    at = body + size + (size % 2);
  }
  throw new Error('WAV without a data chunk');
}

export function encodeWav(pcm: Pcm): Uint8Array {
  const bytes = new Uint8Array(44 + pcm.samples.length * 2);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) bytes[at + i] = s.charCodeAt(i);
  };
  text(0, 'RIFF');
  view.setUint32(4, 36 + pcm.samples.length * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, pcm.sampleRate, true);
  view.setUint32(28, pcm.sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, pcm.samples.length * 2, true);
  for (let i = 0; i < pcm.samples.length; i++) view.setInt16(44 + i * 2, pcm.samples[i] as number, true);
  return bytes;
}

/** Cuts leading and trailing silence (below `threshold` of full scale), keeping short margins. */
export function trimSilence(pcm: Pcm, threshold = 0.02, marginMs: [number, number] = [15, 40]): Pcm {
  const limit = threshold * 32767;
  const { samples } = pcm;
  let first = 0;
  while (first < samples.length && Math.abs(samples[first] as number) < limit) first++;
  if (first === samples.length) return { sampleRate: pcm.sampleRate, samples: new Int16Array(0) };
  let last = samples.length - 1;
  while (last > first && Math.abs(samples[last] as number) < limit) last--;
  const start = Math.max(0, first - Math.round((marginMs[0] * pcm.sampleRate) / 1000));
  const end = Math.min(samples.length, last + 1 + Math.round((marginMs[1] * pcm.sampleRate) / 1000));
  return { sampleRate: pcm.sampleRate, samples: samples.slice(start, end) };
}

/** Scales so the loudest sample sits at `peak` of full scale (every segment equally loud). */
export function normalise(pcm: Pcm, peak = 0.7): Pcm {
  let max = 0;
  for (const s of pcm.samples) max = Math.max(max, Math.abs(s));
  if (max === 0) return pcm;
  const gain = (peak * 32767) / max;
  return { sampleRate: pcm.sampleRate, samples: pcm.samples.map((s) => Math.round(s * gain)) };
}

/** A two-note "ding-dong" (E5 then C5) with a soft attack and a bell-like decay. */
export function chime(sampleRate = 24_000, peak = 0.5): Pcm {
  const notes = [
    { freq: 659.25, start: 0, length: 0.9 },
    { freq: 523.25, start: 0.45, length: 1.1 },
  ];
  const total = Math.ceil((0.45 + 1.1) * sampleRate);
  const mix = new Float64Array(total);
  for (const note of notes) {
    const from = Math.round(note.start * sampleRate);
    const count = Math.round(note.length * sampleRate);
    for (let i = 0; i < count && from + i < total; i++) {
      const t = i / sampleRate;
      const envelope = Math.min(1, t / 0.005) * Math.exp(-t / 0.3) * (1 - i / count);
      const tone =
        Math.sin(2 * Math.PI * note.freq * t) +
        0.3 * Math.sin(4 * Math.PI * note.freq * t) +
        0.1 * Math.sin(6 * Math.PI * note.freq * t);
      mix[from + i] = (mix[from + i] as number) + envelope * tone;
    }
  }
  let max = 0;
  for (const v of mix) max = Math.max(max, Math.abs(v));
  const gain = max === 0 ? 0 : (peak * 32767) / max;
  return { sampleRate, samples: Int16Array.from(mix, (v) => Math.round(v * gain)) };
}
