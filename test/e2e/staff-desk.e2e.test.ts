/**
 * The clerk's desk at 1366×768 in Chromium against a real hub: one key finishes the visit (with
 * the last outcome used) and calls the next; disabled buttons say why; the visitor's earlier
 * visits with the previous clerk's note sit above the fold, a phone identity labelled as one; a
 * supervisor calling for the clerk's counter leaves it the clerk's, and both screens say so.
 */
import { HubClient } from '@callboard/hub/client';
import { describe, expect, it } from 'vitest';
import { chromiumOrSkip, saveScreenshot } from '../support/browser';
import { hubAndChromium, signIn } from '../support/staff-browser';

const chromiumPath = chromiumOrSkip();
const PHONE = { kind: 'phone' as const, value: '13800138000' };
const NOTE = '材料不齐，需补交户口本';

describe.skipIf(!chromiumPath)('the clerk’s desk in Chromium', () => {
  const env = hubAndChromium(chromiumPath as string, {
    patch: (raw) => (raw.rateLimit = { ticketsPerMinutePerClient: 10_000 }),
  });

  it('one key finishes and calls next; reasons for disabled buttons; history with the note above the fold', async () => {
    const { hub } = env;
    const supervisor = new HubClient({ baseUrl: hub.baseUrl });
    await supervisor.login('supervisor', 'callboard-demo');
    const anon = new HubClient({ baseUrl: hub.baseUrl });
    // An earlier visit of the same visitor today (identities come from staff or kiosks), finished with a note at counter 1.
    const earlier = await supervisor.issueTicket({ serviceId: 'A', identity: PHONE });
    await supervisor.openCounter('1');
    expect((await supervisor.callNext('1')).number).toBe(earlier.number);
    await supervisor.start(earlier.id);
    await supervisor.finish(earlier.id, { outcome: 'follow_up', note: NOTE });
    await supervisor.closeCounter('1');
    const again = await supervisor.issueTicket({ serviceId: 'A', identity: PHONE });
    const next = await anon.issueTicket({ serviceId: 'A' });
    const third = await anon.issueTicket({ serviceId: 'A' });

    const { page, errors } = await signIn(env, 'clerk1', 'callboard-demo');
    await page.getByRole('link', { name: /2号窗口/ }).click();
    await page.waitForURL(/\/staff\/counters\/2$/);
    await page.getByRole('button', { name: '开启窗口' }).click();
    const mainKey = page.getByTestId('main-key');
    await expect.poll(() => mainKey.textContent()).toContain('呼叫下一位');
    await expect.poll(() => mainKey.isEnabled()).toBe(true);
    await page.keyboard.press('F1');
    await expect.poll(() => page.locator('.ticket .number').textContent(), { timeout: 10_000 }).toBe(again.number);

    // Only called: the main key finishes and calls next; finish and transfer are usable; the
    // transfer says what it needs; the visitor is a phone number, not an ID.
    expect(await mainKey.textContent()).toContain('办结并呼叫下一位');
    expect(await page.locator('form.finish button[type=submit]').isEnabled()).toBe(true);
    expect(await page.locator('form.transfer').textContent()).toContain('请先选择转至的业务');
    expect(await page.locator('.ticket').textContent()).toContain('手机号');
    expect(await page.locator('.ticket').textContent()).not.toMatch(/证件\s*[:：]/);

    // The earlier visit with the previous clerk's note and the repeat badge, above the fold.
    const note = page.getByTestId('history-note');
    await expect.poll(() => note.textContent(), { timeout: 5000 }).toContain(NOTE);
    for (const what of [note, page.locator('.visitor .badge')]) {
      const box = await what.boundingBox();
      expect(box && box.y + box.height, 'bottom edge at 1366×768').toBeLessThanOrEqual(768);
    }
    await saveScreenshot(page, 'staff-clerk-desk-1366x768');

    // One key: outcome "referred" chosen, Space finishes this visit and calls the next.
    await page.locator('form.finish select').first().selectOption('referred');
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('.ticket .number').textContent(), { timeout: 5000 }).toBe(next.number);
    const done = await supervisor.ticket(again.id);
    expect([done.status, done.outcome]).toEqual(['done', 'referred']);
    expect(await page.locator('.call .notice').textContent()).toContain(`${again.number} 已办结，已呼叫 ${next.number}`);
    // The next visitor's form starts from the outcome used last.
    expect(await page.locator('form.finish select').first().inputValue()).toBe('referred');

    // Started: recall and no-show say why they are not available.
    await page.getByRole('button', { name: '开始办理' }).click();
    await expect.poll(() => page.locator('.ticket .actions').textContent()).toContain('已开始办理');
    expect(await page.locator('.ticket .actions').textContent()).toContain('只能重呼尚未到场的号');

    // A supervisor calls a ticket for this counter from their own screen: the counter stays the clerk's.
    const boss = await signIn(env, 'supervisor', 'callboard-demo');
    await boss.page.goto(`${hub.baseUrl}/staff/counters/2`);
    const row = boss.page.locator(`ol.waiting li[data-number="${third.number}"]`);
    await row.getByRole('button', { name: '呼叫此号' }).click();
    // A call out of turn needs a reason: a usual one, or the supervisor's own words.
    const pick = boss.page.getByTestId('pick-reason');
    await pick.waitFor();
    await pick.getByLabel('原因').first().selectOption('other');
    expect(await pick.getByRole('button', { name: '叫此号' }).isDisabled()).toBe(true);
    await pick.getByRole('textbox').fill('陪同翻译已到');
    await saveScreenshot(boss.page, 'staff-pick-reason-1366x768');
    await pick.getByRole('button', { name: '叫此号' }).click();
    await expect
      .poll(() => boss.page.locator('.call .notice').textContent(), { timeout: 5000 })
      .toContain(`已为本窗口呼叫 ${third.number}；窗口仍由 王一 办理`);
    expect(await boss.page.getByTestId('counter-holder').textContent()).toContain('王一');
    const clerk = new HubClient({ baseUrl: hub.baseUrl });
    await clerk.login('clerk1', 'callboard-demo');
    expect((await supervisor.counters()).find((c) => c.id === '2')?.staffId).toBe((await clerk.me()).staff.id);
    // The clerk's screen follows by itself, says who called, and the clerk's buttons work.
    await expect.poll(() => page.locator('.ticket .number').textContent(), { timeout: 5000 }).toBe(third.number);
    expect(await page.getByTestId('called-by-other').textContent()).toContain('此号由主管为本窗口呼叫');
    await page.getByRole('button', { name: '重呼' }).click();
    await expect.poll(async () => (await supervisor.ticket(third.id)).recalls).toBe(1);
    expect(await page.locator('.call .notice').count()).toBe(0);
    await saveScreenshot(page, 'staff-clerk-desk-called-by-supervisor-1366x768');
    // The supervisor's report lists the call out of order under the clerk whose counter it was, with the reason.
    await boss.page.goto(`${hub.baseUrl}/staff/reports`);
    const table = boss.page.getByTestId('out-of-order-clerks');
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('陪同翻译已到');
    expect(await table.locator('tbody tr').first().textContent()).toContain('王一');
    expect(await boss.page.getByTestId('out-of-order-calls').textContent()).toContain(third.number);
    const href = await boss.page.locator('a[data-csv="out-of-order-calls"]').getAttribute('href');
    const csv = await boss.page.evaluate(async (url) => (await fetch(url as string)).text(), href);
    expect(csv).toContain('陪同翻译已到');
    await boss.page.locator('[data-section="out-of-order"]').scrollIntoViewIfNeeded();
    await saveScreenshot(boss.page, 'staff-reports-out-of-order-1366x768');
    expect(errors).toEqual([]);
    expect(boss.errors).toEqual([]);
  });
});
