/**
 * Analytics: KPIs, repeat visits (phone calls included), the phone channel's rates, staffing
 * (Erlang C). The modules at this level are pure (tickets or pre-aggregates in, tables out; time
 * and zone are arguments); `history/` reads and writes the per-day pre-aggregates and visit
 * index in DATA_DIR.
 */
export * from './csv';
export * from './day-kpi';
export * from './day-summary';
export * from './dist';
export * from './erlang';
export * from './facts';
export * from './frequent';
export * from './kpis';
export * from './local-time';
export * from './phone-contacts';
export * from './repeats';
export * from './staffing';
export * from './visit-chunk';
export * from './visits';
