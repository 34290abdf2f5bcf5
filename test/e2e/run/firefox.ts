/** Every e2e suite in Firefox, in one process (select.ts, suites.ts). */
import './suites.ts';
