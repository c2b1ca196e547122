// Is the field that got focus in the démarche page a one-time code field (a code the site sent by SMS or e-mail)?
// Then the cabin offers its big numeric keypad, « Regardez votre téléphone », rather than the letters (issue 15).
//
// The page tells what the field says about itself (never its value); this small heuristic decides:
// 1. `autocomplete="one-time-code"` (the standard: what phones use to offer the SMS code) → yes;
// 2. an autocomplete token of another field, or words of another number or of a secret the resident knows (code
//    postal, cryptogramme, mot de passe, code secret, PIN, a date, numéro fiscal…) → no: the keyboard types these;
// 3. a name, id or label with an OTP word (otp, sms, 2fa, « code »…) → yes (« Code reçu sur votre téléphone »);
// 4. words of another number (identifiant, numéro, téléphone…) → no;
// 5. a field of 4 to 8 characters at most (maxlength) that is numeric (`inputmode="numeric"`, type tel or number) or
//    speaks of verification → yes.
// Anything else → no: the usual keyboard, which can type a code as well.

/** What the page says about the focused field: its attributes and its label's text, never its value. */
export interface FieldDescriptor {
  /** `type` attribute, lower case ('' when absent). */
  type: string;
  autocomplete: string;
  inputMode: string;
  /** `maxlength`, null when absent or not a positive number. */
  maxLength: number | null;
  name: string;
  id: string;
  /** The label's text, aria-label, aria-labelledby's text and placeholder, joined. */
  label: string;
}

/** Longest text kept of any descriptor field (a page could send a whole article as its label). */
export const FIELD_TEXT_MAX = 300;

/** Types a code can be typed in; an e-mail, URL, date… field is never a code field. */
const CODE_TYPES = new Set(['', 'text', 'tel', 'number', 'password']);

/** Words that say the field is another number, or a secret the resident knows (not a code just received). */
const NEVER_A_CODE =
  /\b(postal|postcode|zip|zipcode|cp|insee|cvv|cvc|cvv2|crypto|cryptogramme|carte|card|iban|bic|promo|coupon|reduction|pays|country|secret|confidentiel|confidential|password|passwd|motdepasse|mdp|pin|allocataire|fiscal|nir|siret|siren|date|jour|mois|annee|day|month|year|birth|naissance)\b/;
/** Words of another number, unless the field also says "code", "otp", "sms"… (« Code reçu sur votre téléphone »). */
const OTHER_NUMBER = /\b(identifiant|login|user|username|numero|number|num|no|phone|telephone|tel|mobile|portable|age|montant|amount|prix|price)\b/;

/** Words of a code sent by SMS or e-mail. */
const STRONG_CODE_WORDS = /\b(otp|sms|totp|2fa|mfa|passcode|onetime|code)\b/;
const WEAK_CODE_WORDS = /\b(verification|verify|verifier|confirmation|authentification|authentication)\b/;

/** Autofill tokens of other fields: the page says what the field is. */
const OTHER_AUTOFILL =
  /^(name|given-name|family-name|username|email|tel|tel-national|tel-local|postal-code|address-line\d|street-address|country|cc-.*|bday.*|current-password|new-password|transaction-amount|organization|url)$/;

/** Lower case, no accents, camelCase and separators split into words: 'otpCode' → 'otp code', 'mot-de-passe' → 'mot de passe'. */
export function wordsOf(text: string): string {
  return text
    .slice(0, FIELD_TEXT_MAX)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\bmot de passe\b/g, 'motdepasse')
    .replace(/\bone time\b/g, 'onetime')
    .replace(/\bsecurite sociale\b/g, 'nir')
    .replace(/\bcode postal\b/g, 'postal')
    .trim();
}

export function isOneTimeCodeField(field: FieldDescriptor): boolean {
  if (!CODE_TYPES.has(field.type.toLowerCase())) return false;
  const autocomplete = field.autocomplete.toLowerCase().split(/\s+/);
  if (autocomplete.includes('one-time-code')) return true;
  // The page's autocomplete says it is something else (postal-code, tel, cc-csc, current-password…).
  if (autocomplete.some((t) => OTHER_AUTOFILL.test(t))) return false;
  const words = [field.name, field.id, field.label].map(wordsOf).join(' ');
  if (NEVER_A_CODE.test(words)) return false;
  if (STRONG_CODE_WORDS.test(words)) return true;
  if (OTHER_NUMBER.test(words)) return false;
  const short = field.maxLength !== null && field.maxLength >= 4 && field.maxLength <= 8;
  const numeric = field.inputMode.toLowerCase() === 'numeric' || field.type === 'tel' || field.type === 'number';
  // A short numeric field, or a short one speaking of verification (« Vérification »).
  return short && (numeric || WEAK_CODE_WORDS.test(words));
}

/** The descriptor from the page's message, bounded and typed; null when it is not one. */
export function fieldDescriptorOf(raw: unknown): FieldDescriptor | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, FIELD_TEXT_MAX) : '');
  const maxLength = typeof r.maxLength === 'number' && Number.isInteger(r.maxLength) && r.maxLength > 0 ? r.maxLength : null;
  return {
    type: text(r.type).toLowerCase(),
    autocomplete: text(r.autocomplete),
    inputMode: text(r.inputMode),
    maxLength,
    name: text(r.name),
    id: text(r.id),
    label: text(r.label),
  };
}
