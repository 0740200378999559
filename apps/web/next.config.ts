// The web UI. Workspace packages ship TypeScript sources, so Next compiles
// them; nothing here reaches out to the network (no remote fonts, no CDNs).
import type { NextConfig } from 'next';

const config: NextConfig = {
  // Standalone passes RELAY_WEB_DIST_DIR through (see packages/config): parallel test runs build apart.
  distDir: process.env.RELAY_WEB_DIST_DIR || '.next',
  transpilePackages: ['@relay/contracts', '@relay/realtime'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
