/** Business dates and the site's wall clock, for every layer (pure: zones are arguments, no clock is read). */
export * from './calendar';
export * from './zone';
