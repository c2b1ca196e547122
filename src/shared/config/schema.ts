// Long file: the whole config schema in one place, the one source of the JSON Schema, the docs and the defaults.
// The cabin's configuration: one file per cabin, validated before anything is shown.
// Pure zod, no Node: the renderer, main, the CLI and the tests all share it.
import { z } from 'zod';
import { expandAllowList, hostAllowed } from '../policy/hosts';
import { DEFAULT_PAYMENT_MINUTES } from '../policy/payment';

export const LOCALES = ['fr', 'en', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

/** `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>` — what `cabine config hash-secret` prints. */
export const SECRET_HASH_PATTERN = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/]{16,}={0,2})\$([A-Za-z0-9+/]{32,}={0,2})$/;

const secretHash = z.string().regex(SECRET_HASH_PATTERN, { message: 'not-a-secret-hash' });

/** A host name pattern: `example.fr` (that host only) or `*.example.fr` (the host and every subdomain). */
export const HOST_PATTERN = /^(\*\.)?(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
/** An allow-list entry: a host pattern, or `@group` naming an entry of `hostGroups`. */
const allowEntry = z.string().refine((s) => HOST_PATTERN.test(s) || /^@[a-z][a-z0-9-]*$/.test(s), { message: 'not-a-host' });

const httpsUrl = z.url({ protocol: /^https$/, message: 'not-https-url' });

/** Text shown to residents: French is required, the other locales fall back to it. */
const localized = z.strictObject({ fr: z.string().min(1), en: z.string().min(1).optional(), ar: z.string().min(1).optional() });
export type LocalizedText = z.infer<typeof localized>;

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'not-a-slug' });

/** An OpenSSH public key line, as `ssh-keygen` writes it in `KEY.pub`: type, base64, optional comment. */
export const SSH_PUBLIC_KEY = /^(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|ssh-rsa) [A-Za-z0-9+/]+={0,3}( [^\n]*)?$/;

/** Permissions a démarche page may be granted; everything else is always denied. */
export const GRANTABLE_PERMISSIONS = ['camera', 'microphone', 'fullscreen', 'clipboard-write'] as const;
export type GrantablePermission = (typeof GRANTABLE_PERMISSIONS)[number];

export const DEMARCHE_ICONS = [
  'impots',
  'caf',
  'titres',
  'sante',
  'emploi',
  'service-public',
  'retraite',
  'energie',
  'transport',
  'messagerie',
  'generic',
] as const;

/** One start page of a démarche with several: a card with its name (a brand, not translated) and the addresses it serves. */
export const demarcheStartSchema = z.strictObject({
  id: slug,
  name: z.string().min(1).max(40),
  url: httpsUrl,
  /** The ends of the addresses it serves, shown on its card to help the choice: '@gmail.com'. */
  domains: z
    .array(z.string().regex(/^@[a-z0-9.-]+$/, { message: 'not-a-mail-domain' }))
    .max(6)
    .default([]),
});
export type DemarcheStart = z.infer<typeof demarcheStartSchema>;

export const demarcheSchema = z.strictObject({
  id: slug,
  name: localized,
  /** One line: what it is for. */
  description: localized,
  /** What to have at hand ("À préparer"): numéro fiscal, numéro allocataire… */
  prepare: z.array(localized).default([]),
  icon: z.enum(DEMARCHE_ICONS).default('generic'),
  startUrl: httpsUrl,
  /** Hosts the démarche may navigate to (top frame, sub-frames, redirects, popups). */
  allow: z.array(allowEntry).min(1),
  /** Extra hosts when a referent assists (e.g. the commune's intranet, a webmail). */
  assistedAllow: z.array(allowEntry).default([]),
  permissions: z.array(z.enum(GRANTABLE_PERMISSIONS)).default([]),
  /**
   * Paying (issue 15): hosts where a payment starts and ends (PayFiP, the timbre fiscal's shop), navigable like `allow`.
   * From a page on one of them, the page and its frames may pass through any https host (the bank's 3-D Secure) until
   * they come back, for at most `maxMinutes`; no new window, download, file or permission meanwhile.
   */
  payment: z
    .strictObject({
      hosts: z.array(z.string().regex(HOST_PATTERN, { message: 'not-a-host' })).min(1),
      maxMinutes: z.number().int().min(1).max(60).default(DEFAULT_PAYMENT_MINUTES),
    })
    .optional(),
  /**
   * Several start pages (issue 15, « Ma messagerie »): the resident chooses one (La Poste, Orange, Gmail…) before the
   * démarche opens on its `url`, which must be inside `allow`. None: the démarche opens on `startUrl`.
   */
  starts: z.array(demarcheStartSchema).max(12).default([]),
});
export type Demarche = z.infer<typeof demarcheSchema>;

const seconds = (min: number, max: number) => z.number().int().min(min).max(max);

export const timersSchema = z
  .strictObject({
    /** Welcome screen left untouched → back to attract. */
    welcomeSeconds: seconds(10, 600).default(60),
    /** No input for this long → the inactivity warning. */
    inactivitySeconds: seconds(15, 3600).default(120),
    /** Countdown of the warning before the session ends: at least 20 s to read it and answer (WCAG 2.2.1). */
    warningSeconds: seconds(20, 300).default(60),
    /** Cabin empty (occupancy sensor) for this long → the session ends. */
    vacantSeconds: seconds(3, 600).default(20),
    /** The session's length; the resident is warned 5 and 1 minutes before its end. */
    maxSessionMinutes: seconds(5, 480).default(45),
    /** What « Continuer » adds to the session, each time it is offered (WCAG 2.2.1 Timing Adjustable). */
    extendMinutes: seconds(5, 60).default(15),
    /** How many times a session may be extended; 0: never (the warnings then only say the time left). */
    maxExtensions: seconds(0, 10).default(2),
    /** How long the end screen with the wipe receipt stays. */
    receiptSeconds: seconds(3, 120).default(12),
    assisted: z
      .strictObject({
        inactivitySeconds: seconds(15, 7200).default(600),
        warningSeconds: seconds(20, 600).default(60),
        maxSessionMinutes: seconds(5, 720).default(120),
        extendMinutes: seconds(5, 120).default(30),
        maxExtensions: seconds(0, 10).default(2),
      })
      .prefault({}),
    /** Maintenance left idle this long → it closes (and wipes). */
    maintenanceIdleMinutes: seconds(1, 240).default(20),
  })
  .refine((t) => t.warningSeconds < t.inactivitySeconds, { message: 'warning-longer-than-inactivity', path: ['warningSeconds'] })
  .refine((t) => t.assisted.warningSeconds < t.assisted.inactivitySeconds, { message: 'warning-longer-than-inactivity', path: ['assisted', 'warningSeconds'] });
export type Timers = z.infer<typeof timersSchema>;

export const securitySchema = z.strictObject({
  referentPinHash: secretHash,
  /** Hashes of referent badge ids (keyboard-wedge RFID readers). A badge id itself is never stored. */
  referentBadgeHashes: z.array(secretHash).default([]),
  technicianCodeHash: secretHash,
  lockout: z
    .strictObject({
      maxAttempts: z.number().int().min(3).max(20).default(5),
      minutes: z.number().int().min(1).max(120).default(5),
    })
    .prefault({}),
});

/**
 * How to read "occupied" from a HID presence sensor or door contact: which byte and bit of
 * an input report, or which key of a keyboard-class device.
 */
export const occupancyProfileSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('report-bit'),
    name: z.string().min(1),
    vendorId: z.number().int().min(0).max(0xffff),
    productId: z.number().int().min(0).max(0xffff),
    /** Report id expected in byte 0 when the device numbers its reports; omit if it does not. */
    reportId: z.number().int().min(0).max(255).optional(),
    byte: z.number().int().min(0).max(63),
    bit: z.number().int().min(0).max(7),
    activeHigh: z.boolean().default(true),
  }),
  z.strictObject({
    kind: z.literal('keyboard-key'),
    name: z.string().min(1),
    vendorId: z.number().int().min(0).max(0xffff),
    productId: z.number().int().min(0).max(0xffff),
    /** HID usage id of the key the device holds down while occupied. */
    usage: z.number().int().min(1).max(0xff),
  }),
]);
export type OccupancyProfile = z.infer<typeof occupancyProfileSchema>;

/** A telephone number as residents dial it: digits and spaces, a leading + for an international one. */
const phoneNumber = z.string().regex(/^\+?[0-9](?:[0-9 ]{0,22}[0-9])?$/, { message: 'not-a-phone-number' });

/**
 * National numbers that help with online démarches (official short numbers, "service gratuit + prix d'un
 * appel"): Allô Service Public 3939 (DILA), Assurance Maladie 3646, CAF 3230, France Travail 3949.
 */
export const DEFAULT_HELP_PHONES = [
  {
    number: '3939',
    label: {
      fr: 'Allô Service Public : vos droits et vos démarches',
      en: 'Allô Service Public: your rights and procedures',
      ar: 'Allô Service Public: حقوقك وإجراءاتك',
    },
  },
  { number: '3646', label: { fr: 'Assurance Maladie (ameli)', en: 'Health insurance (Assurance Maladie, ameli)', ar: 'التأمين الصحي (Assurance Maladie)' } },
  { number: '3230', label: { fr: 'CAF (allocations familiales)', en: 'CAF (family benefits)', ar: 'CAF (الإعانات العائلية)' } },
  { number: '3949', label: { fr: 'France Travail (emploi)', en: 'France Travail (employment)', ar: 'France Travail (العمل)' } },
] as const satisfies readonly { number: string; label: LocalizedText }[];

export const helpSchema = z.strictObject({
  /** Where to go for help in person ("Accueil de la mairie, rez-de-chaussée"). */
  place: localized.optional(),
  /** When that place is open ("du lundi au vendredi, 9 h – 12 h et 14 h – 17 h"), said with it. */
  hours: localized.optional(),
  /** Numbers to call, in the order shown. [] shows none. */
  phones: z
    .array(z.strictObject({ number: phoneNumber, label: localized }))
    .max(8)
    .default(() => DEFAULT_HELP_PHONES.map((p) => ({ number: p.number, label: { ...p.label } }))),
});
export type HelpConfig = z.infer<typeof helpSchema>;

/** The commune's videoconference service for the call to a referent (issue 17): Jitsi Meet, self-hosted or not. */
export const visioSchema = z.strictObject({
  provider: z.literal('jitsi').default('jitsi'),
  /** The service's address (https), the rooms under it: https://visio.example.fr/ or https://example.fr/jitsi/. */
  url: httpsUrl,
  /** The start of every room's name, then 128 random bits: lower case, digits, dashes. */
  roomPrefix: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, { message: 'not-a-room-prefix' })
    .default('cabine'),
  /** Nobody joined the room in this long: the resident is given the help's phone numbers and hours. */
  answerSeconds: seconds(15, 600).default(90),
});
export type VisioSchemaConfig = z.infer<typeof visioSchema>;

export const devicesSchema = z
  .strictObject({
    printer: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** CUPS queue name. */
        queue: z
          .string()
          .regex(/^[A-Za-z0-9_.-]{1,127}$/, { message: 'not-a-queue' })
          .default('Cabine'),
        /** CUPS server: a unix socket path or host:port; default: the system's. */
        server: z.string().min(1).optional(),
        pageLimitPerSession: z.number().int().min(1).max(500).default(30),
        essential: z.boolean().default(false),
      })
      .prefault({}),
    scanner: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** SANE device name (`scanimage -L`); default: the first one found. */
        device: z.string().min(1).optional(),
        source: z.enum(['flatbed', 'adf']).default('flatbed'),
        resolution: z.union([z.literal(150), z.literal(300)]).default(150),
        mode: z.enum(['gray', 'color']).default('color'),
        timeoutSeconds: z.number().int().min(5).max(300).default(60),
        essential: z.boolean().default(false),
      })
      .prefault({}),
    occupancy: z
      .strictObject({
        enabled: z.boolean().default(false),
        profile: occupancyProfileSchema.optional(),
        /** A change must hold this long before it counts (sensors flicker). */
        debounceMs: z.number().int().min(0).max(10_000).default(1500),
        essential: z.boolean().default(false),
      })
      .prefault({})
      .refine((o) => !o.enabled || o.profile !== undefined, { message: 'occupancy-without-profile', path: ['profile'] }),
    badge: z
      .strictObject({
        enabled: z.boolean().default(false),
        vendorId: z.number().int().min(0).max(0xffff).optional(),
        productId: z.number().int().min(0).max(0xffff).optional(),
        /** Shortest run of keystrokes taken for a badge (readers type fast, then Enter). */
        minLength: z.number().int().min(4).max(64).default(6),
      })
      .prefault({}),
  })
  .prefault({});

export const configSchema = z
  .strictObject({
    version: z.literal(1),
    cabin: z.strictObject({
      id: slug,
      commune: z.strictObject({
        name: z.string().min(1),
        /** Path to an image file, or a data: URL. */
        logo: z.string().min(1).optional(),
      }),
      /** Where the cabin stands, shown to residents ("Mairie, hall d'accueil"). */
      place: z.string().min(1).optional(),
    }),
    locales: z
      .strictObject({
        default: z.enum(LOCALES).default('fr'),
        available: z.array(z.enum(LOCALES)).min(1).default(['fr', 'en', 'ar']),
      })
      .prefault({})
      .refine((l) => l.available.includes(l.default), { message: 'default-locale-unavailable', path: ['default'] }),
    /** Named host lists that démarches reference as `@name` (FranceConnect and its identity providers…). */
    hostGroups: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), z.array(z.string().regex(HOST_PATTERN, { message: 'not-a-host' })).min(1)).default({}),
    catalog: z.array(demarcheSchema).min(1, { message: 'empty-catalog' }),
    timers: timersSchema.prefault({}),
    wipe: z.strictObject({ maxAttempts: z.number().int().min(1).max(10).default(3) }).prefault({}),
    /**
     * The Electron shell restarts itself between residents (on the attract screen, after a verified wipe) to give
     * back the memory each session's browser partition keeps until exit: after this many sessions, and once a day at
     * this local time. null turns a reason off.
     */
    relaunch: z
      .strictObject({
        afterSessions: z.number().int().min(1).max(100_000).nullable().default(50),
        at: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'not-a-time' })
          .nullable()
          .default('04:00'),
      })
      .prefault({}),
    security: securitySchema,
    devices: devicesSchema,
    referentCall: z
      .strictObject({
        /** What the resident sees once the webhook acknowledged the call (2xx): "un agent arrive". */
        message: localized.optional(),
        /** The call route: POSTed the cabin's id, its commune and the time, nothing else. None: nobody can be told. */
        webhookUrl: httpsUrl.optional(),
        /** How long the cabin waits for the webhook's answer before it says nobody could be told. */
        timeoutSeconds: seconds(2, 60).default(10),
        /**
         * The video call (issue 17): a room on the commune's Jitsi Meet, random per call, whose link the webhook
         * carries (`visioUrl`). Absent: the call is the webhook alone (someone comes to the cabin).
         */
        visio: visioSchema.optional(),
      })
      .prefault({}),
    /** Where else a resident finds help, shown when no agent could be told (no webhook, or it did not answer). */
    help: helpSchema.prefault({}),
    /**
     * The agent's panel in an assisted session (issue 15): what the agent d'accueil may add to this session only,
     * each a bounded step up to a bounded total, and when the panel asks for the agent's code again.
     */
    assisted: z
      .strictObject({
        /** « Plus de pages »: pages added to this session's print limit (devices.printer.pageLimitPerSession) each time. */
        extraPages: z.number().int().min(1).max(100).default(20),
        /** The most pages the agent may add in one session, all steps together. */
        maxExtraPages: z.number().int().min(0).max(500).default(60),
        /** « Plus de temps »: minutes added to the session's end each time, beyond the resident's own extensions. */
        extraMinutes: seconds(5, 60).default(15),
        /** The most minutes the agent may add in one session, all steps together. */
        maxExtraMinutes: seconds(0, 240).default(60),
        /** The panel asks for the agent's code again when the agent did nothing in it (or at the pad) for this long. */
        panelCodeAfterMinutes: seconds(1, 30).default(5),
      })
      .prefault({}),
    metrics: z
      .strictObject({
        enabled: z.boolean().default(false),
        listen: z
          .string()
          .regex(/^[0-9a-fA-F.:[\]]+:\d{1,5}$/, { message: 'not-a-listen-address' })
          .default('127.0.0.1:9464'),
        /** Hash of the bearer token Prometheus sends. */
        bearerTokenHash: secretHash.optional(),
      })
      .prefault({})
      .refine((m) => !m.enabled || m.bearerTokenHash !== undefined, { message: 'metrics-without-token', path: ['bearerTokenHash'] }),
    /**
     * Following the fleet's configuration (issue 16): a systemd timer fetches the fleet file at `url` and its
     * signature at `url` + '.sig', checks the signature against these keys, merges the file's defaults with this
     * cabin's section (by cabin.id) and keeps the result if it validates; the cabin applies it between sessions.
     * This section itself, and cabin.id, always come from the cabin's own file: the fleet file cannot change them.
     */
    fleet: z
      .strictObject({
        url: httpsUrl,
        /** The keys allowed to sign the fleet file, as in KEY.pub (two while the fleet's key is being changed). */
        signingKeys: z
          .array(z.string().regex(SSH_PUBLIC_KEY, { message: 'not-an-ssh-public-key' }))
          .min(1)
          .max(4),
        /** The CA certificate (PEM) of the fleet's web server, when it is not one of the system's. */
        caFile: z.string().startsWith('/', { message: 'not-absolute' }).optional(),
      })
      .optional(),
    paths: z
      .strictObject({
        /** RAM-backed root of the per-session directories. */
        // At most 31 bytes: Chromium's sockets deep under it must fit in 107 (src/cabin/storage/ram-root.ts).
        ramRoot: z.string().startsWith('/', { message: 'not-absolute' }).max(31, { message: 'ram-root-too-long' }).default('/dev/shm/cabine'),
        /** Run resident sessions even if ramRoot is on a disk (the technician is warned). */
        allowDiskBackedRamRoot: z.boolean().default(false),
        /** Audit log and statistics (counts only). Default: $XDG_STATE_HOME/cabine. */
        stateDir: z.string().startsWith('/', { message: 'not-absolute' }).optional(),
      })
      .prefault({}),
  })
  .superRefine((config, ctx) => {
    for (const issue of crossCheck(config)) ctx.addIssue({ code: 'custom', ...issue });
  });

/**
 * Checks across fields (unique ids, known host groups, start URL inside the allow-list).
 * Defensive about shapes, so that it also runs on a file that failed elsewhere: a technician
 * sees every problem at once, not one per attempt.
 */
export function crossCheck(raw: unknown): { message: string; path: (string | number)[] }[] {
  const issues: { message: string; path: (string | number)[] }[] = [];
  if (!raw || typeof raw !== 'object') return issues;
  const { catalog, hostGroups } = raw as { catalog?: unknown; hostGroups?: unknown };
  if (!Array.isArray(catalog)) return issues;
  const groups = hostGroups && typeof hostGroups === 'object' ? (hostGroups as Record<string, unknown>) : {};
  const seen = new Set<string>();
  catalog.forEach((d: unknown, i) => {
    if (!d || typeof d !== 'object') return;
    const { id, allow, assistedAllow, startUrl, starts } = d as Record<string, unknown>;
    if (typeof id === 'string') {
      if (seen.has(id)) issues.push({ message: 'duplicate-demarche', path: ['catalog', i, 'id'] });
      seen.add(id);
    }
    for (const [field, entries] of [
      ['allow', allow],
      ['assistedAllow', assistedAllow],
    ] as const) {
      if (!Array.isArray(entries)) continue;
      entries.forEach((entry: unknown, j) => {
        if (typeof entry === 'string' && entry.startsWith('@') && !(entry.slice(1) in groups)) {
          issues.push({ message: 'unknown-host-group', path: ['catalog', i, field, j] });
        }
      });
    }
    if (typeof startUrl === 'string' && Array.isArray(allow) && URL.canParse(startUrl)) {
      const hostLists = Object.fromEntries(Object.entries(groups).filter(([, v]) => Array.isArray(v)) as [string, string[]][]);
      const list = expandAllowList(
        allow.filter((e): e is string => typeof e === 'string'),
        hostLists,
      );
      if (!hostAllowed(list, new URL(startUrl).hostname)) issues.push({ message: 'start-url-not-allowed', path: ['catalog', i, 'startUrl'] });
      // Each start page too, and each start once.
      const startIds = new Set<unknown>();
      (Array.isArray(starts) ? starts : []).forEach((s: unknown, j) => {
        if (!s || typeof s !== 'object') return;
        const { id: sid, url } = s as Record<string, unknown>;
        if (startIds.has(sid)) issues.push({ message: 'duplicate-start', path: ['catalog', i, 'starts', j, 'id'] });
        startIds.add(sid);
        if (typeof url === 'string' && URL.canParse(url) && !hostAllowed(list, new URL(url).hostname)) {
          issues.push({ message: 'start-url-not-allowed', path: ['catalog', i, 'starts', j, 'url'] });
        }
      });
    }
  });
  return issues;
}

/** The config as written in the file. */
export type CabinConfigInput = z.input<typeof configSchema>;
/** The config once validated, defaults filled in. */
export type CabinConfig = z.output<typeof configSchema>;
