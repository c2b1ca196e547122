// The preload API contract: channel names, and a zod schema for every message that crosses.
// Main validates everything the renderer sends (and checks the sender's frame); the preload
// exposes only `window.cabine`, typed by CabineApi below.
import { z } from 'zod';
import { DEFAULT_HELP_PHONES, LOCALES, type CabinConfig, type Locale, type LocalizedText } from '../config/schema';
import type { UiEvent } from '../session/events';
import type { MachineView } from '../session/view';

export { CHANNELS } from './channels';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const printTarget = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('page') }),
  z.strictObject({ kind: z.literal('document'), documentId: id }),
]);

/** Every UI event the renderer may send; anything else is dropped by main. */
export const uiEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('TOUCH') }),
  z.strictObject({ type: z.literal('ACTIVITY') }),
  z.strictObject({ type: z.literal('SET_LOCALE'), locale: z.enum(LOCALES) }),
  z.strictObject({ type: z.literal('ACCEPT') }),
  z.strictObject({ type: z.literal('CANCEL') }),
  z.strictObject({ type: z.literal('BACK') }),
  z.strictObject({ type: z.literal('OPEN_DEMARCHE'), demarcheId: id, startId: id.optional() }),
  z.strictObject({ type: z.literal('HOME') }),
  z.strictObject({ type: z.literal('END_REQUEST') }),
  z.strictObject({ type: z.literal('STILL_HERE') }),
  z.strictObject({ type: z.literal('EXTEND_SESSION') }),
  z.strictObject({ type: z.literal('DISMISS_TIME_WARNING') }),
  z.strictObject({ type: z.literal('CALL_REFERENT') }),
  z.strictObject({ type: z.literal('CANCEL_REFERENT_CALL') }),
  z.strictObject({ type: z.literal('CLOSE_REFERENT_CALL') }),
  // The video call (issue 17). What the call itself reports (VISIO_REFERENT_JOINED…) comes from the runtime, never from here.
  z.strictObject({ type: z.literal('HANG_UP') }),
  z.strictObject({ type: z.literal('CALL_WINDOW'), size: z.enum(['large', 'small']) }),
  z.strictObject({ type: z.literal('SHARE_SCREEN') }),
  z.strictObject({ type: z.literal('SHARE_SCREEN_ANSWER'), yes: z.boolean() }),
  z.strictObject({ type: z.literal('STOP_SHARE') }),
  z.strictObject({ type: z.literal('PRINT_REQUEST'), target: printTarget }),
  z.strictObject({ type: z.literal('PRINT_CONFIRM'), copies: z.number().int().min(1).max(10) }),
  z.strictObject({ type: z.literal('SCAN_REQUEST') }),
  z.strictObject({ type: z.literal('SCAN_PAGE') }),
  z.strictObject({ type: z.literal('SCAN_LAYOUT'), layout: z.enum(['document', 'card']) }),
  z.strictObject({ type: z.literal('SCAN_PAGE_OK') }),
  z.strictObject({ type: z.literal('SCAN_RETAKE') }),
  z.strictObject({ type: z.literal('SCAN_FINISH') }),
  z.strictObject({ type: z.literal('DOCUMENTS_OPEN') }),
  z.strictObject({ type: z.literal('DOCUMENT_OPEN'), documentId: id }),
  z.strictObject({ type: z.literal('FILES_CHOSEN'), documentIds: z.array(id).min(1).max(20) }),
  z.strictObject({ type: z.literal('RETRY') }),
  z.strictObject({ type: z.literal('UNLOCK_SUBMIT'), role: z.enum(['referent', 'technician']), secret: z.string().min(1).max(64) }),
  z.strictObject({ type: z.literal('MAINTENANCE_TEST_PRINT') }),
  z.strictObject({ type: z.literal('MAINTENANCE_TEST_SCAN') }),
  z.strictObject({ type: z.literal('MAINTENANCE_EXIT') }),
  // The agent's panel (issue 15): no payload; the machine knows the blocked host and refuses them all outside an assisted session.
  z.strictObject({ type: z.literal('AGENT_PANEL_OPEN') }),
  z.strictObject({ type: z.literal('AGENT_PANEL_CLOSE') }),
  z.strictObject({ type: z.literal('AGENT_EXTRA_PAGES') }),
  z.strictObject({ type: z.literal('AGENT_MORE_TIME') }),
  z.strictObject({ type: z.literal('AGENT_OPEN_SITE') }),
  z.strictObject({ type: z.literal('AGENT_END_ASSISTANCE') }),
]);
// The schema and the machine's UiEvent type must describe the same events.
type _SchemaMatchesMachine = [z.infer<typeof uiEventSchema>] extends [UiEvent] ? ([UiEvent] extends [z.infer<typeof uiEventSchema>] ? true : never) : never;
export const _schemaMatchesMachine: _SchemaMatchesMachine = true;

export const keyboardInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('text'), text: z.string().min(1).max(256) }),
  z.strictObject({ kind: z.literal('key'), key: z.enum(['Backspace', 'Enter', 'Tab', 'ArrowLeft', 'ArrowRight', 'Delete', 'Space']) }),
]);
export type KeyboardInput = z.infer<typeof keyboardInputSchema>;

/** The rectangle (CSS pixels of the window) the démarche view occupies; the renderer leaves it empty. */
export const demarcheAreaSchema = z
  .strictObject({
    x: z.number().int().min(0).max(10_000),
    y: z.number().int().min(0).max(10_000),
    width: z.number().int().min(0).max(10_000),
    height: z.number().int().min(0).max(10_000),
  })
  .nullable();
export type DemarcheArea = z.infer<typeof demarcheAreaSchema>;

/**
 * The rectangle the video call's view occupies (issue 17: the referent's video, drawn by the shell over an empty
 * element of ours, `[data-call-area]`), in the same pixels; null when no call is on screen or one of our dialogs must
 * be seen. The démarche's area never overlaps it.
 */
export const callAreaSchema = demarcheAreaSchema;
export type CallArea = z.infer<typeof callAreaSchema>;

export const querySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('publicConfig') }),
  /** The current view state (the renderer asks once at start; then main pushes every change). */
  z.strictObject({ kind: z.literal('state') }),
  z.strictObject({ kind: z.literal('documents') }),
  /** The bytes of one of this session's documents, for our PDF viewer and thumbnails. */
  z.strictObject({ kind: z.literal('documentBytes'), documentId: id }),
  /** Preview image of the page being scanned (PNG). */
  z.strictObject({ kind: z.literal('scanPreview'), page: z.number().int().min(0).max(200) }),
  /** The PDF about to be printed (the page or the document), for the print preview. */
  z.strictObject({ kind: z.literal('printPreview') }),
  /** Technician only: answered in maintenance, refused elsewhere. */
  z.strictObject({ kind: z.literal('diagnostics') }),
]);
export type Query = z.infer<typeof querySchema>;

export interface DocumentSummary {
  id: string;
  kind: 'scan' | 'download';
  /** Shown to the resident during the session; gone with the wipe. */
  label: string;
  /** A scan's number in the session: the screens name it in the resident's language ("Scanned document 2"). */
  scanNumber?: number;
  mime: string;
  pages: number | null;
  /** A scan's images kept as JPEG files (one per scanned page; a card: front and back), for a site that takes images only. */
  jpegImages?: number;
  bytes: number;
  createdAt: number;
}

/** What the screens need of the config: nothing secret. */
export interface PublicConfig {
  cabinId: string;
  commune: { name: string; logo: string | null };
  place: string | null;
  locales: { default: Locale; available: Locale[] };
  /** `starts`: the start pages to choose from (« Ma messagerie »), by name and the addresses they serve; no URL. */
  catalog: {
    id: string;
    name: LocalizedText;
    description: LocalizedText;
    prepare: LocalizedText[];
    icon: string;
    starts: { id: string; name: string; domains: string[] }[];
  }[];
  referentCallMessage: LocalizedText | null;
  /**
   * Where else to find help when no referent could be told (config `help`): a place, and numbers to call.
   * Absent when the config did not validate (out of service: nobody can call then).
   */
  help?: { place: LocalizedText | null; hours?: LocalizedText | null; phones: { number: string; label: LocalizedText }[] };
  pageLimitPerSession: number;
  /** The session's length and what « Continuer » adds (timers), for a resident's session and an assisted one. */
  sessionTime: { minutes: number; extendMinutes: number; assisted: { minutes: number; extendMinutes: number } };
  /** The agent's panel (issue 15): what each « Plus de pages » / « Plus de temps » adds, and the most in one session. */
  agentPanel: { extraPages: number; maxExtraPages: number; extraMinutes: number; maxExtraMinutes: number };
  devices: { printer: boolean; scanner: boolean; occupancy: boolean; badge: boolean };
  /** Set when the config did not validate: the out-of-service screen lists the problems for technicians. */
  configProblems: { path: string; message: string; hint?: string }[] | null;
}

export function toPublicConfig(config: CabinConfig, logoDataUrl: string | null = null): PublicConfig {
  return {
    cabinId: config.cabin.id,
    commune: { name: config.cabin.commune.name, logo: logoDataUrl },
    place: config.cabin.place ?? null,
    locales: config.locales,
    catalog: config.catalog.map((d) => ({
      id: d.id,
      name: d.name,
      description: d.description,
      prepare: d.prepare,
      icon: d.icon,
      starts: d.starts.map((s) => ({ id: s.id, name: s.name, domains: s.domains })),
    })),
    referentCallMessage: config.referentCall.message ?? null,
    help: { place: config.help.place ?? null, hours: config.help.hours ?? null, phones: config.help.phones },
    pageLimitPerSession: config.devices.printer.pageLimitPerSession,
    sessionTime: {
      minutes: config.timers.maxSessionMinutes,
      extendMinutes: config.timers.extendMinutes,
      assisted: { minutes: config.timers.assisted.maxSessionMinutes, extendMinutes: config.timers.assisted.extendMinutes },
    },
    agentPanel: {
      extraPages: config.assisted.extraPages,
      maxExtraPages: config.assisted.maxExtraPages,
      extraMinutes: config.assisted.extraMinutes,
      maxExtraMinutes: config.assisted.maxExtraMinutes,
    },
    devices: {
      printer: config.devices.printer.enabled,
      scanner: config.devices.scanner.enabled,
      occupancy: config.devices.occupancy.enabled,
      badge: config.devices.badge.enabled,
    },
    configProblems: null,
  };
}

/**
 * What the screens get of the config, whether it validated or not: the public part of a valid config, or,
 * when it did not validate (the cabin can only be out of service), nothing of the commune and the problems
 * for the technician. The runtime and the tests' host both build it here.
 */
export function publicConfigOf(
  config: CabinConfig | null,
  options: { logoDataUrl?: string | null; configProblems?: NonNullable<PublicConfig['configProblems']> } = {},
): PublicConfig {
  if (config) return toPublicConfig(config, options.logoDataUrl ?? null);
  return {
    cabinId: 'cabine',
    commune: { name: '', logo: null },
    place: null,
    locales: { default: 'fr', available: ['fr'] },
    catalog: [],
    referentCallMessage: null,
    // Nothing of the commune's config can be trusted, but the national numbers still help the resident.
    help: { place: null, hours: null, phones: DEFAULT_HELP_PHONES.map((p) => ({ number: p.number, label: { ...p.label } })) },
    pageLimitPerSession: 0,
    sessionTime: { minutes: 0, extendMinutes: 0, assisted: { minutes: 0, extendMinutes: 0 } },
    agentPanel: { extraPages: 0, maxExtraPages: 0, extraMinutes: 0, maxExtraMinutes: 0 },
    devices: { printer: false, scanner: false, occupancy: false, badge: false },
    configProblems: options.configProblems ?? [],
  };
}

export interface DiagnosticsReport {
  generatedAt: number;
  devices: { kind: string; present: boolean; detail: string }[];
  printer: { queue: string; state: string; reasons: string[] } | null;
  scanner: { device: string | null; found: string[] } | null;
  occupancy: { present: boolean; occupied: boolean | null; profile: string | null } | null;
  usb: { vendorId: number; productId: number; kind: string | null }[];
  config: { ok: boolean; problems: { path: string; message: string; hint?: string }[] };
  storage: { ramRoot: string; ramBacked: boolean; freeBytes: number | null };
}

export type QueryResult<Q extends Query['kind']> = Q extends 'publicConfig'
  ? PublicConfig
  : Q extends 'state'
    ? ViewState
    : Q extends 'documents'
      ? DocumentSummary[]
      : Q extends 'documentBytes'
        ? Uint8Array
        : Q extends 'scanPreview'
          ? Uint8Array
          : Q extends 'printPreview'
            ? Uint8Array | null
            : Q extends 'diagnostics'
              ? DiagnosticsReport
              : never;

/** Everything main sends to the screens. */
export interface ViewState extends MachineView {
  documents: DocumentSummary[];
  /** When a text field of the démarche page last got focus: the on-screen keyboard may offer itself. */
  textFieldFocusedAt?: number | null;
  /** That field is a one-time code field (src/shared/policy/one-time-code.ts): the code keypad offers itself instead. */
  oneTimeCodeField?: boolean;
  /**
   * The host of the démarche page shown now (the engine's last `navigated`), for « Vous êtes sur … »: the host name
   * only, never its path or query. Not a machine fact; null when no démarche is open, and cleared by the wipe.
   */
  pageHost?: string | null;
  /** The page shown is a bank's, inside a payment chain from a démarche's payment host (issue 15): « Paiement sécurisé ». */
  pageOnBank?: boolean;
}

/** window.cabine: the whole API the renderer has. */
export interface CabineApi {
  send(event: UiEvent): void;
  onState(listener: (state: ViewState) => void): () => void;
  query<K extends Query['kind']>(query: Extract<Query, { kind: K }>): Promise<QueryResult<K>>;
  keyboard(input: KeyboardInput): void;
  /** The renderer lays out the screen; main puts the démarche view where it says (or hides it). */
  setDemarcheArea(area: DemarcheArea): void;
  /** The démarche's zoom, from the resident's text size (checked by demarcheZoomSchema); for the session only. */
  setDemarcheZoom(factor: number): void;
  /** Where the video call's view goes (or null: hidden), as the démarche's area. */
  setCallArea(area: CallArea): void;
}

/**
 * The other side of CabineApi: what main's IPC handlers (and the tests' bridge) call.
 * The Node runtime (src/cabin/runtime.ts) implements it around the session machine.
 */
export interface CabineHost {
  send(event: UiEvent): void;
  subscribe(listener: (state: ViewState) => void): () => void;
  getState(): ViewState;
  query(query: Query): Promise<unknown>;
  keyboard(input: KeyboardInput): void;
  setDemarcheArea(area: DemarcheArea): void;
  setDemarcheZoom(factor: number): void;
  /** See CabineApi.setCallArea. */
  setCallArea(area: CallArea): void;
}
