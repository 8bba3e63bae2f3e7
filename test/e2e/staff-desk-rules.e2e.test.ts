/**
 * Two set-up choices on the set-up page, seen on the clerk's desk at 1366×768 in Chromium against
 * a real hub: priority classes named per language (the desk's waiting list shows the name for the
 * reader's language, never the raw id), and the site rule that the clerk chooses the outcome of
 * every visit — the one key then asks for the outcome instead of reusing the last one, and says why.
 */
import { HubClient } from '@callboard/hub/client';
import { describe, expect, it } from 'vitest';
import { chromiumOrSkip, saveScreenshot } from '../support/browser';
import { hubAndChromium, signIn } from '../support/staff-browser';

const chromiumPath = chromiumOrSkip();

describe.skipIf(!chromiumPath)('set-up rules on the clerk’s desk in Chromium', () => {
  const env = hubAndChromium(chromiumPath as string);

  it('names classes per language and asks for the outcome where the site requires one', async () => {
    const { hub } = env;

    // The admin names two classes and turns the outcome rule on, on the set-up page.
    const admin = await signIn(env, 'admin', 'callboard-admin');
    await admin.page.getByRole('link', { name: '业务配置' }).click();
    await admin.page.waitForURL(/\/staff\/setup$/);
    await admin.page.getByLabel('类别 priority 中文名称').fill('老年人优先');
    await admin.page.getByLabel('类别 priority 英文名称').fill('Seniors');
    await admin.page.getByLabel('类别 normal 英文名称').fill('Walk-in');
    expect(await admin.page.getByLabel('类别 normal 中文名称').getAttribute('placeholder')).toBe('普通');
    await admin.page.getByRole('checkbox', { name: '办结时必须选择办理结果' }).check();
    await admin.page.getByRole('button', { name: '保存并生效' }).click();
    await expect.poll(() => admin.page.getByRole('status').textContent()).toContain('已保存第 1 版');
    await admin.page.locator('section[aria-labelledby="pol-h"]').scrollIntoViewIfNeeded();
    await saveScreenshot(admin.page, 'staff-setup-class-names-outcome-rule');
    expect(admin.errors).toEqual([]);
    await admin.page.close();

    const supervisor = new HubClient({ baseUrl: hub.baseUrl });
    await supervisor.login('supervisor', 'callboard-demo');
    const senior = await supervisor.issueTicket({ serviceId: 'A', priority: 'priority' });
    const walkIn = await supervisor.issueTicket({ serviceId: 'A' });
    const third = await supervisor.issueTicket({ serviceId: 'A' });

    const { page, errors } = await signIn(env, 'clerk1', 'callboard-demo');
    await page.getByRole('link', { name: /1号窗口/ }).click();
    await page.waitForURL(/\/staff\/counters\/1$/);
    await page.getByRole('button', { name: '开启窗口' }).click();

    // The waiting list names each class in Chinese (the set-up's name, the shipped one where none was given).
    const classOf = (number: string) => page.locator(`ol.waiting li[data-number="${number}"] [data-testid=class]`);
    await expect.poll(() => classOf(senior.number).textContent(), { timeout: 10_000 }).toBe('老年人优先');
    expect(await classOf(walkIn.number).textContent()).toBe('普通');
    // Each waiting line is headed by its service's name, not its id alone.
    expect(await page.locator('.queues h3').first().textContent()).toBe('A · 综合业务');

    // F1 calls the senior first; the main key then says it needs the outcome, and the form has none.
    await expect.poll(() => page.getByTestId('main-key').isEnabled()).toBe(true);
    await page.keyboard.press('F1');
    await expect.poll(() => page.locator('.ticket .number').textContent(), { timeout: 10_000 }).toBe(senior.number);
    expect(await page.getByTestId('current-class').textContent()).toBe('老年人优先');
    const mainKey = page.getByTestId('main-key');
    expect(await mainKey.textContent()).toContain(`请先选择 ${senior.number} 的办理结果`);
    const outcome = page.getByTestId('outcome');
    expect(await outcome.inputValue()).toBe('');
    expect(await page.locator('form.finish').textContent()).toContain('请先选择办理结果');
    expect(await page.locator('form.finish button[type=submit]').isEnabled()).toBe(false);

    // Space asks for the outcome instead of finishing: it says why and puts the focus on the outcome.
    await page.keyboard.press('Space');
    await expect
      .poll(() => page.locator('.call .notice').textContent())
      .toContain(`本场所要求记录每位办事人的办理结果：请先为 ${senior.number} 选择办理结果`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('outcome');
    expect((await supervisor.ticket(senior.id)).status).toBe('called');
    await saveScreenshot(page, 'staff-clerk-desk-outcome-required-1366x768');

    // With the outcome chosen, the one key finishes with it and calls the next; the next form starts empty again.
    await outcome.selectOption('follow_up');
    expect(await mainKey.textContent()).toContain(`以“需跟进”办结 ${senior.number}`);
    await mainKey.click();
    await expect.poll(() => page.locator('.ticket .number').textContent(), { timeout: 10_000 }).toBe(walkIn.number);
    const done = await supervisor.ticket(senior.id);
    expect([done.status, done.outcome]).toEqual(['done', 'follow_up']);
    expect(await outcome.inputValue()).toBe('');

    // In English: the names the set-up gave for English; the raw id shows nowhere.
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => classOf(third.number).textContent()).toBe('Walk-in');
    expect(await page.locator('ol.waiting').textContent()).not.toMatch(/\bnormal\b/);
    expect(await mainKey.textContent()).toContain(`Choose the outcome of ${walkIn.number} first`);
    expect(await page.getByTestId('current-class').textContent()).toBe('Walk-in');
    await saveScreenshot(page, 'staff-clerk-desk-class-names-en-1366x768');
    expect(errors).toEqual([]);
  });
});
