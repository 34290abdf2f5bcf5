/** Every e2e suite in Chromium, in one process (select.ts, suites.ts). */
import './suites.ts';
