/**
 * Config templates through Debian's Mosquitto bridges (docs/mosquitto): head office signs a
 * template and pushes it to two sites; an override made at one site survives the next version; a
 * site cut off during a push catches up when its bridge returns; unsigned, wrongly signed, another
 * site's and older templates are refused; "set default" reverts a field; both sides audit every change.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  centralTemplates,
  HubClient,
  revertTemplateField,
  saveCentralTemplate,
  siteTemplate,
  topics,
} from '@callboard/hub/client';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signEnvelope } from '../../hub/src/central/templates/sign';
import type { TemplateContent } from '../../hub/src/protocol';
import { CentralNetwork, CONSOLE_USER } from '../support/central-network';
import { centralNetworkReady, until } from '../support/central-ready';
import { tempDir } from '../support/hub';

const SITES = ['hall-north', 'hall-south'];
const NORTH_TEXT = '{number}号请到{counter}（北区）';
const SMS = { zh: { called: '{number}号：请到{counter}办理（总部）' }, en: { ahead: '{number}: {ahead} ahead (head office)' } };
const service = (zh: string, targetWaitMin: number) => ({
  id: 'A',
  prefix: 'A',
  name: { zh, en: 'General services' },
  targetWaitMin,
  avgServiceSec: 300,
});

describe.skipIf(!centralNetworkReady)('config templates over Mosquitto bridges', () => {
  let net: CentralNetwork;
  let office: HubClient;
  const admins = new Map<string, HubClient>();
  const keys = tempDir('cb-template-keys-');
  const pair = generateKeyPairSync('ed25519');
  const wrong = generateKeyPairSync('ed25519');
  writeFileSync(path.join(keys, 'template.key'), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(path.join(keys, 'template.pub'), pair.publicKey.export({ type: 'spki', format: 'pem' }));

  beforeAll(async () => {
    net = await CentralNetwork.start({
      sites: SITES,
      heartbeatSec: 1,
      resendSec: 1,
      offlineAfterSec: 4,
      siteHub: (id) => ({
        patch: (raw) => {
          raw.uplink.templatePublicKey = path.join(keys, 'template.pub');
          // The north hall's own file sets one SMS text: it wins over the template's there.
          if (id === 'hall-north') raw.notifications = { ...raw.notifications, templates: { zh: { called: NORTH_TEXT } } };
        },
      }),
      centralPatch: (raw) => {
        raw.central.templateKey = path.join(keys, 'template.key');
      },
    });
    office = new HubClient({ baseUrl: net.central?.baseUrl as string });
    await office.login('admin', 'callboard-admin');
    for (const id of SITES) {
      const admin = new HubClient({ baseUrl: net.site(id).hub.baseUrl });
      await admin.login('admin', 'callboard-admin');
      admins.set(id, admin);
    }
  });
  afterAll(async () => {
    await net?.close();
  });
  const admin = (id: string) => admins.get(id) as HubClient;
  const applied = (id: string, version: number) =>
    until(
      `${id} applies v${version}`,
      () => siteTemplate(admin(id)),
      (s) => s.status.version === version,
    );

  it('a template reaches both sites; an override survives the next version; a site cut off catches up', async () => {
    const v1: TemplateContent = { services: [service('综合业务（总行）', 12)], queue: { boardHistory: 6 }, smsTexts: SMS };
    const saved = await saveCentralTemplate(office, 'bank-standard', { content: v1, sites: SITES });
    expect(saved).toMatchObject({ name: 'bank-standard', version: 1, sites: SITES });
    // The north hall's file text shows as an override from its file; the south hall takes every text.
    const smsOverride = { field: 'smsTexts.zh.called', template: SMS.zh.called, local: NORTH_TEXT, source: 'file' };
    expect((await applied('hall-north', 1)).diffs).toEqual([smsOverride]);
    expect(net.site('hall-north').hub.app.notify.outbox.texts()).toEqual({ zh: { called: NORTH_TEXT }, en: SMS.en });
    expect((await applied('hall-south', 1)).diffs).toEqual([]);
    expect(net.site('hall-south').hub.app.notify.outbox.texts()).toEqual(SMS);
    await expect(revertTemplateField(admin('hall-north'), 'smsTexts.zh.called')).rejects.toMatchObject({ status: 400 });
    for (const id of SITES) {
      const s = await applied(id, 1);
      expect(s).toMatchObject({ enabled: true, status: { name: 'bank-standard' } });
      const setup = (await admin(id).adminSetup()).setup;
      expect(setup.services.find((x) => x.id === 'A')).toMatchObject({ name: { zh: '综合业务（总行）' }, targetWaitMin: 12 });
      expect(setup.queue?.boardHistory).toBe(6);
      // Local services the template does not name stay.
      expect(setup.services.map((x) => x.id)).toEqual(['A', 'B', 'C']);
    }

    // The north hall overrides one field on its set-up page.
    const north = admin('hall-north');
    const state = await north.adminSetup();
    const edited = structuredClone(state.setup);
    (edited.services[0] as { targetWaitMin: number }).targetWaitMin = 25;
    await north.saveSetup(edited, state.version);
    expect((await siteTemplate(north)).diffs).toEqual([
      { field: 'services.A.targetWaitMin', template: 12, local: 25 },
      smsOverride,
    ]);
    await until(
      'central sees the override',
      () => centralTemplates(office),
      (r) => r.sites.find((s) => s.siteId === 'hall-north')?.status.overrides === 2,
    );

    // The south hall is cut off while version 2 goes out.
    net.site('hall-south').link.cut();
    const v2: TemplateContent = { services: [service('综合服务', 10)], queue: { boardHistory: 10 }, smsTexts: SMS };
    expect((await saveCentralTemplate(office, 'bank-standard', { content: v2, sites: SITES })).version).toBe(2);
    await applied('hall-north', 2);
    const northSetup = (await north.adminSetup()).setup;
    expect(northSetup.services[0]).toMatchObject({ name: { zh: '综合服务' }, targetWaitMin: 25 });
    expect(northSetup.queue?.boardHistory).toBe(10);
    expect((await siteTemplate(north)).diffs).toEqual([
      { field: 'services.A.targetWaitMin', template: 10, local: 25 },
      { ...smsOverride },
    ]);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await siteTemplate(admin('hall-south'))).status.version).toBe(1);
    net.site('hall-south').link.restore();
    await applied('hall-south', 2);
    expect((await admin('hall-south').adminSetup()).setup.services[0]).toMatchObject({
      name: { zh: '综合服务' },
      targetWaitMin: 10,
    });

    // Head office shows per site the version applied and its overrides.
    const office2 = await until(
      'central sees v2 everywhere',
      () => centralTemplates(office),
      (r) => r.sites.length === 2 && r.sites.every((s) => s.status.version === 2),
    );
    expect(office2.sites.map((s) => [s.siteId, s.status.version, s.status.overrides])).toEqual([
      ['hall-north', 2, 2],
      ['hall-south', 2, 0],
    ]);

    // "Set default": the north hall takes the template's value back.
    const reverted = await revertTemplateField(north, 'services.A.targetWaitMin');
    expect(reverted.diffs).toEqual([smsOverride]);
    expect((await north.adminSetup()).setup.services[0]).toMatchObject({ targetWaitMin: 10 });
    await expect(revertTemplateField(north, 'services.A.nothing')).rejects.toMatchObject({ status: 404 });
  });

  it('refuses unsigned, wrongly signed, another site’s and older templates, and audits every change on both sides', async () => {
    const url = `mqtts://127.0.0.1:${net.centralBroker.port}`;
    const console_ = await mqtt.connectAsync(url, {
      protocolVersion: 4,
      ca: [readFileSync(net.certs.ca)],
      reconnectPeriod: 0,
      username: CONSOLE_USER,
      password: net.consolePassword,
    });
    const north = admin('hall-north');
    const evil: TemplateContent = { queue: { boardHistory: 3 } };
    const send = (body: object) => console_.publishAsync(topics.centralTemplate('hall-north'), JSON.stringify(body), { qos: 1 });
    const refusedFor = (version: number, reason: string) =>
      until(
        `refused v${version} (${reason})`,
        () => siteTemplate(north),
        (s) => s.status.refused?.version === version && s.status.refused.reason === reason,
      );
    const body = { v: 1 as const, name: 'bank-standard', issuedAt: Date.now(), content: evil };
    await send({ ...body, version: 7 });
    await refusedFor(7, 'signature');
    await send(signEnvelope({ ...body, version: 8, site: 'hall-north' }, wrong.privateKey));
    await refusedFor(8, 'signature');
    // Rightly signed and newer, but for another site (or for none): a template is bound to its site.
    await send(signEnvelope({ ...body, version: 9, site: 'hall-south' }, pair.privateKey));
    await refusedFor(9, 'site');
    await send(signEnvelope({ ...body, version: 10 } as never, pair.privateKey));
    await refusedFor(10, 'site');
    // Rightly signed but older than what the site applied (a replay of version 1):
    await send(signEnvelope({ ...body, version: 1, site: 'hall-north' }, pair.privateKey));
    await refusedFor(1, 'older');
    await console_.endAsync();

    // At the central broker a site's bridge login reads its own template only, and writes none.
    const bridge = await mqtt.connectAsync(url, {
      protocolVersion: 4,
      ca: [readFileSync(net.certs.ca)],
      reconnectPeriod: 0,
      username: 'hall-north',
      password: net.site('hall-north').password,
    });
    const heard: string[] = [];
    bridge.on('message', (topic, payload) => {
      if (payload.length > 0) heard.push(topic);
    });
    await bridge.subscribeAsync([topics.centralTemplate('hall-south'), topics.centralTemplate('hall-north')], { qos: 1 });
    await bridge.publishAsync(topics.centralTemplate('hall-south'), JSON.stringify({ ...body, version: 99 }), { qos: 1 });
    await until(
      'own template heard',
      async () => heard.slice(),
      (h) => h.length > 0,
      5000,
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(heard).toEqual([topics.centralTemplate('hall-north')]);
    await bridge.endAsync();
    expect((await siteTemplate(admin('hall-south'))).status.refused).toBeNull();

    const after = await siteTemplate(north);
    expect(after.status).toMatchObject({ name: 'bank-standard', version: 2 });
    expect((await north.adminSetup()).setup.queue?.boardHistory).toBe(10);

    const siteActions = (await north.audit({ limit: 500 })).records.map((r) => r.action);
    for (const a of ['template.apply', 'template.override', 'template.revert', 'template.refuse'])
      expect(siteActions, a).toContain(a);
    const officeActions = (await office.audit({ limit: 500 })).records.map((r) => r.action);
    for (const a of ['template.update', 'template.assign']) expect(officeActions, a).toContain(a);

    // Head office's template routes are its admins' only.
    const supervisor = new HubClient({ baseUrl: net.central?.baseUrl as string });
    await supervisor.login('supervisor', 'callboard-demo');
    await expect(centralTemplates(supervisor)).rejects.toMatchObject({ status: 403 });
    await expect(centralTemplates(north)).rejects.toMatchObject({ status: 404 });
  });

  it('standing notices: on every board, kept off where a site took one off, back with "set default"', async () => {
    const hours = { id: 'hours', text: { zh: '本周六照常营业', en: 'Open this Saturday' } };
    const base: TemplateContent = { services: [service('综合服务', 10)], queue: { boardHistory: 10 }, smsTexts: SMS };
    await saveCentralTemplate(office, 'bank-standard', { content: { ...base, notices: [hours] }, sites: SITES });
    const onBoards = (id: string) =>
      admin(id)
        .notices()
        .then((ns) => ns.find((n) => n.id === 'tpl-hours')?.text ?? null);
    for (const id of SITES) {
      await applied(id, 3);
      expect(await onBoards(id)).toEqual(hours.text);
    }
    // The north hall takes it off its boards: an override, kept through the next version.
    await admin('hall-north').removeNotice('tpl-hours');
    expect((await siteTemplate(admin('hall-north'))).diffs).toContainEqual({
      field: 'notices.hours',
      template: hours.text,
      local: null,
    });
    const closed = { zh: '本周六休息', en: 'Closed this Saturday' };
    await saveCentralTemplate(office, 'bank-standard', {
      content: { ...base, notices: [{ id: 'hours', text: closed }] },
      sites: SITES,
    });
    await applied('hall-south', 4);
    await applied('hall-north', 4);
    expect(await onBoards('hall-south')).toEqual(closed);
    expect(await onBoards('hall-north')).toBeNull();
    const back = await revertTemplateField(admin('hall-north'), 'notices.hours');
    expect(back.diffs.map((d) => d.field)).not.toContain('notices.hours');
    expect(await onBoards('hall-north')).toEqual(closed);
  });

  it('a site moved to another template takes it, even one last edited before its own, and takes its first back', async () => {
    const standard: TemplateContent = { services: [service('综合服务', 10)], queue: { boardHistory: 8 }, smsTexts: SMS };
    const small: TemplateContent = { services: [service('综合服务（网点）', 15)], queue: { boardHistory: 5 } };
    // Written before the next version of the standard template, given to no site yet.
    await saveCentralTemplate(office, 'small-branch', { content: small, sites: [] });
    await saveCentralTemplate(office, 'bank-standard', { content: standard, sites: SITES });
    await applied('hall-south', 5);
    const named = (name: string) =>
      until(
        `hall-south applies ${name}`,
        () => siteTemplate(admin('hall-south')),
        (s) => s.status.name === name || s.status.refused !== null,
      );

    await saveCentralTemplate(office, 'small-branch', { content: small, sites: ['hall-south'] });
    expect((await named('small-branch')).status).toMatchObject({ name: 'small-branch', version: 1, refused: null });
    expect((await admin('hall-south').adminSetup()).setup.queue?.boardHistory).toBe(5);
    // The standard template given back, unchanged (still version 5, issued before the move).
    await saveCentralTemplate(office, 'bank-standard', { content: standard, sites: SITES });
    expect((await named('bank-standard')).status).toMatchObject({ name: 'bank-standard', version: 5, refused: null });
    expect((await admin('hall-south').adminSetup()).setup.queue?.boardHistory).toBe(8);
  });
});
