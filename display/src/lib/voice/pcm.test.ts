import { describe, expect, it } from 'vitest';
import { chime, encodeWav, normalise, parseWav, trimSilence } from './pcm';

describe('WAV', () => {
  it('round-trips 16-bit mono PCM', () => {
    const pcm = { sampleRate: 22_050, samples: Int16Array.from([0, 1, -1, 32767, -32768, 1234]) };
    const back = parseWav(encodeWav(pcm));
    expect(back.sampleRate).toBe(22_050);
    expect([...back.samples]).toEqual([...pcm.samples]);
  });

  it('reads a stream whose data size was never filled in (espeak-ng --stdout)', () => {
    const wav = encodeWav({ sampleRate: 16_000, samples: Int16Array.from([5, 6, 7]) });
    new DataView(wav.buffer).setUint32(40, 0x7fffffff, true);
    expect([...parseWav(wav).samples]).toEqual([5, 6, 7]);
  });

  it('refuses what is not 16-bit PCM WAV', () => {
    expect(() => parseWav(new TextEncoder().encode('OggS not a wav file'))).toThrow(/RIFF/);
    const wav = encodeWav({ sampleRate: 8000, samples: new Int16Array(2) });
    new DataView(wav.buffer).setUint16(34, 8, true);
    expect(() => parseWav(wav)).toThrow(/16-bit/);
  });
});

describe('trimSilence', () => {
  it('cuts quiet lead-in and tail but keeps short margins', () => {
    const samples = new Int16Array(1000);
    samples.fill(5000, 400, 600);
    const out = trimSilence({ sampleRate: 1000, samples }, 0.02, [10, 20]);
    expect(out.samples.length).toBe(200 + 10 + 20);
    expect(out.samples[10]).toBe(5000);
    expect(out.samples[9]).toBe(0);
  });

  it('returns nothing for silence', () => {
    expect(trimSilence({ sampleRate: 1000, samples: new Int16Array(50) }).samples.length).toBe(0);
  });
});

describe('normalise and chime', () => {
  it('scales the loudest sample to the target peak', () => {
    const out = normalise({ sampleRate: 1000, samples: Int16Array.from([100, -200, 50]) }, 0.5);
    // 0.5 of full scale is 16383.5: rounding lands on either side.
    expect(Math.abs(Math.max(...[...out.samples].map(Math.abs)) - 16383.5)).toBeLessThanOrEqual(0.5);
    expect(Math.abs((out.samples[0] as number) + (out.samples[1] as number) / 2)).toBeLessThanOrEqual(1);
  });

  it('synthesises a chime of about 1.5 s that starts at once and fades out', () => {
    const c = chime(8000, 0.5);
    expect(c.samples.length / c.sampleRate).toBeCloseTo(1.55, 2);
    const peak = (from: number, to: number) => Math.max(...[...c.samples.subarray(from, to)].map(Math.abs));
    expect(peak(0, 800)).toBeGreaterThan(10_000);
    expect(peak(c.samples.length - 200, c.samples.length)).toBeLessThan(500);
  });
});
