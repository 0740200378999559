// Which browser the suite drives: Debian's Chromium, or CHROMIUM_PATH. Without
// one (a machine with only Node) the specs skip, each with this reason; CI
// installs Chromium and fails on any skip.
import { existsSync } from 'node:fs';

export const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = () => existsSync(chromiumPath());
export const NO_CHROMIUM = `no Chromium at ${chromiumPath()} (install it, or set CHROMIUM_PATH)`;
