// The public part of the config (commune, catalog, languages…), asked once: it cannot change
// while the app runs (a new config means a restart).
import { useEffect, useState } from 'react';
import type { PublicConfig } from '../../shared/ipc/contract';
import { cabine } from './cabine';

let pending: Promise<PublicConfig> | null = null;
let loaded: PublicConfig | null = null;

export function loadPublicConfig(): Promise<PublicConfig> {
  pending ??= cabine()
    .query({ kind: 'publicConfig' })
    .then((c) => {
      performance.mark('cabine:config');
      return (loaded = c);
    });
  return pending;
}

export function usePublicConfig(): PublicConfig | null {
  const [config, setConfig] = useState<PublicConfig | null>(loaded);
  useEffect(() => {
    if (config) return;
    let alive = true;
    loadPublicConfig().then(
      (c) => alive && setConfig(c),
      () => {
        // Let the next render ask again: main may not have been ready.
        pending = null;
      },
    );
    return () => {
      alive = false;
    };
  }, [config]);
  return config;
}
