/**
 * The `visitors` section of the configuration: what a visitor's own phone may do away from the
 * kiosks — join from the join page (per service: `services[].remoteJoin`), "I'm here", "I'm
 * running late" — and the separate public listener a site may publish through its reverse proxy.
 * docs/queue-policy.md and docs/security.md explain each setting.
 */
import { type Static, Type } from 'typebox';
import { isCidr } from '../security/site-network';

const Cidr = Type.String({ minLength: 3, maxLength: 64, description: 'IPv4 or IPv6 range, e.g. 192.168.1.0/24' });

export const VisitorsConfig = Type.Object(
  {
    siteNetworks: Type.Optional(
      Type.Array(Cidr, {
        maxItems: 64,
        description:
          'address ranges of the site’s own network (guest Wi-Fi): joining without a phone number and "I’m here" work only from them',
      }),
    ),
    joinWithoutPhone: Type.Optional(
      Type.Boolean({ description: 'a phone on the site network may join without a phone number; default false' }),
    ),
    joinPerAddressPerHour: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 1000, description: 'remote joins from one address in any hour; default 3' }),
    ),
    late: Type.Optional(
      Type.Object(
        {
          maxPlaces: Type.Optional(
            Type.Integer({ minimum: 1, maximum: 100, description: 'places one move may go back; default 5' }),
          ),
          maxMoves: Type.Optional(
            Type.Integer({ minimum: 0, maximum: 20, description: 'moves per ticket; default 2 (0 = off)' }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    publicListener: Type.Optional(
      Type.Object(
        {
          port: Type.Integer({ minimum: 0, maximum: 65535, description: '0 = any free port (tests)' }),
          host: Type.Optional(Type.String({ minLength: 1, description: 'default: the main listener’s host' })),
          trustProxy: Type.Optional(
            Type.Array(Cidr, {
              maxItems: 16,
              description: 'the reverse proxy’s addresses: their X-Forwarded-For gives the visitor’s address for the rate limits',
            }),
          ),
        },
        {
          additionalProperties: false,
          description: 'a second HTTP port that serves only the visitor’s pages and routes (off unless set)',
        },
      ),
    ),
  },
  { additionalProperties: false, description: 'what a visitor’s phone may do (docs/queue-policy.md, docs/security.md)' },
);
export type VisitorsConfig = Static<typeof VisitorsConfig>;

export interface VisitorSettings {
  siteNetworks: string[];
  joinWithoutPhone: boolean;
  joinPerAddressPerHour: number;
  late: { maxPlaces: number; maxMoves: number };
  publicListener?: { port: number; host?: string; trustProxy?: string[] };
}

export function visitorSettings(c: VisitorsConfig | undefined, problems: string[]): VisitorSettings {
  const siteNetworks = c?.siteNetworks ?? [];
  for (const [i, n] of siteNetworks.entries())
    if (!isCidr(n)) problems.push(`visitors.siteNetworks.${i}: "${n}" is not an address range like 192.168.1.0/24`);
  const v: VisitorSettings = {
    siteNetworks,
    joinWithoutPhone: c?.joinWithoutPhone ?? false,
    joinPerAddressPerHour: c?.joinPerAddressPerHour ?? 3,
    late: { maxPlaces: c?.late?.maxPlaces ?? 5, maxMoves: c?.late?.maxMoves ?? 2 },
  };
  if (c?.publicListener) v.publicListener = c.publicListener;
  return v;
}
