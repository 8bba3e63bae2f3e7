/**
 * Appointment check-in at the paired kiosk in real Chromium against a real hub: a supervisor books
 * service C at the window for a slot a few minutes from now (a manual extra slot, so the test does
 * not depend on the weekday schedule), the visitor taps "我有预约", types the reference on the
 * on-screen keypad and gets the appointment's ticket (source `appointment`) with the on-time
 * message; a second check-in of the same reference is refused in words; the screen fits a landscape
 * kiosk in senior mode, and an unknown reference is refused in words.
 */
import { HubClient } from '@callboard/hub/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contrastReport, smallTargets, unnamedButtons } from '../support/a11y';
import { chromiumOrSkip, launchChromium, overflowReport, saveScreenshot } from '../support/browser';
import { startTestHub, type TestHub } from '../support/hub';

const chromiumPath = chromiumOrSkip();

/** `YYYY-MM-DD` and `HH:MM` in the site's time zone. */
function shanghai(at: number): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

describe.skipIf(!chromiumPath)('appointment check-in at the kiosk', () => {
  let hub: TestHub;
  let browser: Browser;
  let kiosk: Page;
  const errors: string[] = [];
  // A slot starting in a few minutes: bookable (not started) and inside the 30-minute early window.
  const slot = shanghai(Math.ceil((Date.now() + 3 * 60_000) / 60_000) * 60_000);

  beforeAll(async () => {
    hub = await startTestHub({
      serveApps: true,
      patch: (raw) => {
        raw.appointments = {
          ...raw.appointments,
          extraSlots: [{ serviceId: 'C', date: slot.date, time: slot.time, durationMin: 15, capacity: 5 }],
        };
      },
    });
    browser = await launchChromium(chromiumPath as string);
    const context = await browser.newContext({
      viewport: { width: 1080, height: 1920 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    kiosk = await context.newPage();
    kiosk.on('pageerror', (err) => errors.push(err.message));
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('checks in a booking by its reference typed on the keypad and shows its ticket', async () => {
    const supervisor = new HubClient({ baseUrl: hub.baseUrl });
    await supervisor.login('supervisor', 'callboard-demo');
    const slots = await supervisor.slots('C', slot.date);
    const target = slots.slots.find((s) => s.id.startsWith(`C@${slot.date}T${slot.time}`));
    expect(target, `a slot at ${slot.date} ${slot.time}`).toBeDefined();
    const booked = await supervisor.bookAppointment({
      slotId: target?.id as string,
      identity: { kind: 'phone', value: '13800138000' },
      channel: 'window',
    });
    expect(booked).toMatchObject({ status: 'booked', channel: 'window', qr: `CBA1:${booked.ref}` });

    await kiosk.goto(`${hub.baseUrl}/kiosk/?device=kiosk-1#token=demo-kiosk-1-token-0001`);
    await kiosk.getByRole('button', { name: /我有预约/ }).click({ timeout: 10_000 });
    await kiosk.getByRole('heading', { name: '预约签到' }).waitFor();
    for (const c of booked.ref) await kiosk.getByRole('button', { name: `字符 ${c}`, exact: true }).click();
    expect((await kiosk.getByTestId('appointment-ref').textContent())?.replace(/\s/g, '')).toBe(booked.ref);
    expect(await overflowReport(kiosk)).toEqual([]);
    expect(await unnamedButtons(kiosk)).toEqual([]);
    expect(await smallTargets(kiosk, 64)).toEqual([]);
    await saveScreenshot(kiosk, 'kiosk-appointment-1080x1920');
    await kiosk.getByRole('button', { name: '签到取号' }).click();

    await kiosk.getByTestId('ticket-number').waitFor({ timeout: 10_000 });
    const number = (await kiosk.getByTestId('ticket-number').textContent())?.trim();
    const after = await supervisor.appointment(booked.ref);
    expect(after).toMatchObject({ status: 'checked_in', ticketNumber: number });
    const ticket = await supervisor.ticket(after.ticketId as string);
    expect(ticket).toMatchObject({ number, source: 'appointment', serviceId: 'C' });
    expect(await kiosk.getByTestId('appointment-arrival').getAttribute('data-arrival')).toBe('on-time');
    expect(await kiosk.getByText(`预约时间 ${slot.time}`).count()).toBe(1);
    await saveScreenshot(kiosk, 'kiosk-appointment-issued-1080x1920');

    // The same reference again: refused in words, no second ticket.
    await kiosk.getByRole('button', { name: '完成' }).click();
    await kiosk.getByRole('button', { name: /我有预约/ }).click();
    for (const c of booked.ref) await kiosk.getByRole('button', { name: `字符 ${c}`, exact: true }).click();
    await kiosk.getByRole('button', { name: '签到取号' }).click();
    await expect.poll(() => kiosk.getByTestId('appointment-error').textContent()).toContain('已签到');
    expect(errors).toEqual([]);
  });

  it('fits 1920×1080 in senior mode, and refuses an unknown reference in words', async () => {
    await kiosk.setViewportSize({ width: 1920, height: 1080 });
    await kiosk.goto(`${hub.baseUrl}/kiosk/?device=kiosk-1`);
    await kiosk.getByRole('button', { name: '长者模式' }).click({ timeout: 10_000 });
    await kiosk.getByRole('button', { name: /我有预约/ }).click();
    await kiosk.getByRole('heading', { name: '预约签到' }).waitFor();
    expect(await kiosk.evaluate(() => document.documentElement.classList.contains('elderly'))).toBe(true);
    for (const c of 'ACDEFHJK') await kiosk.getByRole('button', { name: `字符 ${c}`, exact: true }).click();
    await kiosk.getByRole('button', { name: '签到取号' }).click();
    await expect.poll(() => kiosk.getByTestId('appointment-error').textContent()).toContain('找不到此预约');
    await saveScreenshot(kiosk, 'kiosk-appointment-1920x1080-elderly');
    expect(await overflowReport(kiosk)).toEqual([]);
    expect(await unnamedButtons(kiosk)).toEqual([]);
    expect(await smallTargets(kiosk, 64)).toEqual([]);
    expect((await contrastReport(kiosk)).filter((c) => c.ratio < 7)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
