/**
 * Config templates' routes (docs/operations.md, "Config templates"). At head office (`callboard
 * central` with a template key), admins list, edit and assign templates and see what each site
 * applied; on a site, admins see what differs from the applied template and set a field back to it.
 * Where templates are not set up, the head-office routes answer 404 NOT_FOUND and the site's state
 * says `enabled: false`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CallboardError,
  CentralTemplatesReply,
  ConfigTemplate,
  ErrorReply,
  SiteTemplateState,
  TEMPLATE_NAME,
  TemplateRevertBody,
  TemplateSaveBody,
} from '../protocol';
import { requireStaff } from './context';

const errors = { 401: ErrorReply, 403: ErrorReply, 404: ErrorReply };

export const templateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const admin = requireStaff('admin');
  const central = () => {
    if (!app.centralTemplates)
      throw new CallboardError('NOT_FOUND', 'this hub offers no config templates (callboard central with central.templateKey)');
    return app.centralTemplates;
  };

  app.get(
    '/central/templates',
    {
      schema: {
        tags: ['central'],
        summary: 'Config templates and, per site, the version it applied and its overrides count (admin of the central instance)',
        response: { 200: CentralTemplatesReply, ...errors },
      },
      preHandler: admin,
    },
    async () => central().list(),
  );

  app.put(
    '/central/templates/:name',
    {
      schema: {
        tags: ['central'],
        summary: 'Create or edit a config template and choose its sites: a new signed version is pushed to them (admin)',
        params: Type.Object({ name: Type.String({ pattern: TEMPLATE_NAME.source }) }),
        body: TemplateSaveBody,
        response: { 200: ConfigTemplate, 400: ErrorReply, ...errors },
      },
      preHandler: admin,
    },
    async (request) => central().save(request.params.name, request.body.content, request.body.sites, request.caller),
  );

  app.get(
    '/admin/template',
    {
      schema: {
        tags: ['admin'],
        summary: 'The config template from head office applied here, and every field this site overrides (admin)',
        response: { 200: SiteTemplateState, ...errors },
      },
      preHandler: admin,
    },
    async () =>
      app.siteTemplates?.state() ?? {
        enabled: false,
        status: { v: 1 as const, name: null, version: null, appliedAt: null, overrides: 0, refused: null },
        diffs: [],
      },
  );

  app.post(
    '/admin/template/revert',
    {
      schema: {
        tags: ['admin'],
        summary: 'Set one field back to head office’s template value ("set default"); audited (admin)',
        body: TemplateRevertBody,
        response: { 200: SiteTemplateState, 400: ErrorReply, ...errors },
      },
      preHandler: admin,
    },
    async (request) => {
      if (!app.siteTemplates) throw new CallboardError('NOT_FOUND', 'this site takes no config templates');
      return app.siteTemplates.revert(request.body.field, request.caller);
    },
  );
};
