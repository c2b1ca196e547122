// The one-time code heuristic (issue 15): which focused fields get « Regardez votre téléphone » and its keypad.
import { describe, expect, it } from 'vitest';
import { fieldDescriptorOf, isOneTimeCodeField, wordsOf, type FieldDescriptor } from '../../../../src/shared/policy/one-time-code';

const field = (f: Partial<FieldDescriptor>): FieldDescriptor => ({
  type: 'text',
  autocomplete: '',
  inputMode: '',
  maxLength: null,
  name: '',
  id: '',
  label: '',
  ...f,
});

describe('isOneTimeCodeField', () => {
  it.each<[string, Partial<FieldDescriptor>]>([
    ['autocomplete="one-time-code"', { autocomplete: 'one-time-code' }],
    ['autocomplete with a section token', { autocomplete: 'section-login one-time-code' }],
    ['a numeric field of 6', { inputMode: 'numeric', maxLength: 6 }],
    ['a numeric field of 4', { inputMode: 'numeric', maxLength: 4 }],
    ['a numeric field of 8', { inputMode: 'numeric', maxLength: 8 }],
    ['type tel of 6', { type: 'tel', maxLength: 6 }],
    ['type number of 6', { type: 'number', maxLength: 6 }],
    ['named otp', { name: 'otp' }],
    ['id otpCode (camelCase)', { id: 'otpCode' }],
    ['named sms_code', { name: 'sms_code' }],
    ['labelled « Code de vérification »', { label: 'Code de vérification' }],
    ['labelled « Saisissez le code reçu sur votre téléphone portable »', { label: 'Saisissez le code reçu sur votre téléphone portable' }],
    ['labelled « Enter the verification code » in English', { label: 'Enter the verification code' }],
    ['labelled « Vérification » with 6 characters', { label: 'Vérification', maxLength: 6 }],
    ['a 2FA field', { id: 'input-2fa' }],
    ['autocomplete="off" and named code', { autocomplete: 'off', name: 'code' }],
    ['one box of a split code (maxlength 1), named otp-1', { name: 'otp-1', maxLength: 1, inputMode: 'numeric' }],
  ])('yes: %s', (_, f) => {
    expect(isOneTimeCodeField(field(f))).toBe(true);
  });

  it.each<[string, Partial<FieldDescriptor>]>([
    ['a plain text field', { name: 'nom' }],
    ['a numeric field without maxlength', { inputMode: 'numeric' }],
    ['a numeric field of 13 (numéro fiscal)', { inputMode: 'numeric', maxLength: 13 }],
    ['a numeric field of 2 (day of birth)', { inputMode: 'numeric', maxLength: 2 }],
    ['the postal code, by its autocomplete', { autocomplete: 'postal-code', inputMode: 'numeric', maxLength: 5 }],
    ['the postal code, by its label', { label: 'Code postal', inputMode: 'numeric', maxLength: 5 }],
    ['the postal code, by its name cp', { name: 'cp', maxLength: 5 }],
    ['the postal code, by its id codePostal', { id: 'codePostal' }],
    ['a card cryptogram', { label: 'Cryptogramme visuel', inputMode: 'numeric', maxLength: 4 }],
    ['the card security code, by its autocomplete', { autocomplete: 'cc-csc', maxLength: 4 }],
    ['a password', { type: 'password', name: 'password' }],
    ['a secret code (« Code secret »)', { label: 'Code secret', inputMode: 'numeric', maxLength: 6 }],
    ['a confidential code (« Code confidentiel »)', { label: 'Code confidentiel', maxLength: 8 }],
    ['a PIN', { name: 'pin', inputMode: 'numeric', maxLength: 4 }],
    ['an e-mail field named code', { type: 'email', name: 'code' }],
    ['a date', { type: 'date', name: 'code' }],
    ['the CAF number (7 digits, « Numéro allocataire »)', { label: 'Numéro allocataire', inputMode: 'numeric', maxLength: 7 }],
    ['a phone number', { type: 'tel', label: 'Téléphone portable', maxLength: 8 }],
    ['a current-password autofill of 6', { autocomplete: 'current-password', inputMode: 'numeric', maxLength: 6 }],
    ['a promo code', { name: 'promoCode' }],
    ['the year of birth', { label: 'Année de naissance', inputMode: 'numeric', maxLength: 4 }],
    ['the social security number', { label: 'Numéro de sécurité sociale', inputMode: 'numeric', maxLength: 15 }],
  ])('no: %s', (_, f) => {
    expect(isOneTimeCodeField(field(f))).toBe(false);
  });
});

describe('wordsOf', () => {
  it('lower-cases, drops accents, splits camelCase and separators', () => {
    expect(wordsOf('otpCode')).toBe('otp code');
    expect(wordsOf('Code de vérification')).toBe('code de verification');
    expect(wordsOf('mot-de-passe')).toBe('motdepasse');
    expect(wordsOf('Code postal')).toBe('postal');
  });
});

describe('fieldDescriptorOf', () => {
  it('keeps strings and a positive whole maxLength, bounds the text, refuses what is not an object', () => {
    expect(fieldDescriptorOf(null)).toBeNull();
    expect(fieldDescriptorOf('otp')).toBeNull();
    const d = fieldDescriptorOf({ type: 'TEL', autocomplete: 1, maxLength: 6.5, name: 'x'.repeat(10_000), label: 'Code' });
    expect(d).toEqual({ type: 'tel', autocomplete: '', inputMode: '', maxLength: null, name: 'x'.repeat(300), id: '', label: 'Code' });
    expect(fieldDescriptorOf({ maxLength: 6 })?.maxLength).toBe(6);
    expect(fieldDescriptorOf({ maxLength: -1 })?.maxLength).toBeNull();
  });
});
