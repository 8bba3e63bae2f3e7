// Vitest setup file of the unit tests: every fast-check property runs with the fixed seed.
import { configureProperties } from './property';

configureProperties();
