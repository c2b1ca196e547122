// The config the cabin runs on when none is given (`npm start`): a real catalog of the
// démarches residents come for, with the FranceConnect hosts each one needs.
// Its referent PIN (2468) and technician code (13579) are public: `cabine doctor` warns
// when they are still in use, and a real cabin gets its own from `cabine config hash-secret`.
import type { CabinConfigInput } from './schema';

export const DEFAULT_REFERENT_PIN = '2468';
export const DEFAULT_TECHNICIAN_CODE = '13579';

/** FranceConnect and the identity providers a resident may pick on its page. */
const FRANCECONNECT_HOSTS = [
  '*.franceconnect.gouv.fr', // app.franceconnect.gouv.fr: the provider chooser
  '*.impots.gouv.fr', // DGFiP: "impots.gouv.fr" identity
  '*.ameli.fr', // Assurance Maladie identity
  '*.laposte.fr', // L'Identité Numérique La Poste
  '*.msa.fr', // Mutualité sociale agricole
  '*.france-identite.gouv.fr', // France Identité (carte d'identité électronique)
];

export const defaultConfig: CabinConfigInput = {
  version: 1,
  cabin: {
    id: 'cabine-demo',
    commune: { name: 'Commune de démonstration' },
    place: 'Mairie, hall d’accueil',
  },
  locales: { default: 'fr', available: ['fr', 'en', 'ar'] },
  hostGroups: { franceconnect: FRANCECONNECT_HOSTS },
  catalog: [
    {
      id: 'impots',
      icon: 'impots',
      name: { fr: 'Impôts', en: 'Taxes', ar: 'الضرائب' },
      description: {
        fr: 'Déclarer vos revenus, voir votre avis d’impôt, payer.',
        en: 'Declare your income, see your tax notice, pay.',
        ar: 'التصريح بالدخل، الاطلاع على إشعار الضريبة، الدفع.',
      },
      prepare: [
        { fr: 'Votre numéro fiscal (sur un ancien avis d’impôt)', en: 'Your tax number (on a former tax notice)', ar: 'رقمك الضريبي (في إشعار ضريبي سابق)' },
        { fr: 'Votre mot de passe impots.gouv.fr', en: 'Your impots.gouv.fr password', ar: 'كلمة مرور impots.gouv.fr' },
      ],
      startUrl: 'https://www.impots.gouv.fr/accueil',
      allow: ['*.impots.gouv.fr', '@franceconnect'],
      // The timbre fiscal's shop and PayFiP: from there, the bank's 3-D Secure pages (docs/configuration.md, « payment »).
      payment: { hosts: ['timbres.impots.gouv.fr', 'www.payfip.gouv.fr'] },
    },
    {
      id: 'caf',
      icon: 'caf',
      name: { fr: 'CAF (allocations familiales)', en: 'CAF (family allowances)', ar: 'CAF (صندوق الإعانات العائلية)' },
      description: {
        fr: 'Vos aides au logement, RSA, prime d’activité, allocations familiales.',
        en: 'Housing aid, RSA, activity bonus, family allowances.',
        ar: 'مساعدات السكن، RSA، منحة النشاط، الإعانات العائلية.',
      },
      prepare: [
        { fr: 'Votre numéro allocataire', en: 'Your CAF number', ar: 'رقم المستفيد' },
        { fr: 'Votre code confidentiel', en: 'Your secret code', ar: 'الرمز السري' },
      ],
      startUrl: 'https://www.caf.fr/',
      allow: ['*.caf.fr', '@franceconnect'],
    },
    {
      id: 'titres',
      icon: 'titres',
      name: {
        fr: 'Carte d’identité, passeport, permis, carte grise',
        en: 'ID card, passport, licence, vehicle registration',
        ar: 'بطاقة الهوية، جواز السفر، رخصة السياقة، البطاقة الرمادية',
      },
      description: {
        fr: 'France Titres (ANTS) : pré-demande, suivi, carte grise.',
        en: 'France Titres (ANTS): pre-application, tracking, vehicle registration.',
        ar: 'France Titres (ANTS): الطلب المسبق، المتابعة، البطاقة الرمادية.',
      },
      prepare: [
        { fr: 'Une adresse e-mail', en: 'An e-mail address', ar: 'عنوان بريد إلكتروني' },
        { fr: 'Une photo d’identité avec son code (e-photo)', en: 'An ID photo with its code (e-photo)', ar: 'صورة هوية مع رمزها' },
      ],
      startUrl: 'https://ants.gouv.fr/',
      allow: ['*.ants.gouv.fr', '@franceconnect'],
      // A passport or a lost ID card needs a timbre fiscal, bought on the DGFiP's shop and paid by card (3-D Secure).
      payment: { hosts: ['timbres.impots.gouv.fr'] },
    },
    {
      id: 'ameli',
      icon: 'sante',
      name: { fr: 'Assurance Maladie (ameli)', en: 'Health insurance (ameli)', ar: 'التأمين الصحي (ameli)' },
      description: {
        fr: 'Vos remboursements, attestation de droits, carte Vitale.',
        en: 'Your reimbursements, certificate of rights, Vitale card.',
        ar: 'التعويضات، شهادة الحقوق، بطاقة Vitale.',
      },
      prepare: [
        { fr: 'Votre numéro de sécurité sociale', en: 'Your social security number', ar: 'رقم الضمان الاجتماعي' },
        { fr: 'Votre mot de passe ameli', en: 'Your ameli password', ar: 'كلمة مرور ameli' },
      ],
      startUrl: 'https://www.ameli.fr/',
      allow: ['*.ameli.fr', '@franceconnect'],
    },
    {
      id: 'france-travail',
      icon: 'emploi',
      name: { fr: 'France Travail (ex-Pôle emploi)', en: 'France Travail (jobs, formerly Pôle emploi)', ar: 'France Travail (التشغيل، Pôle emploi سابقًا)' },
      description: {
        fr: 'S’inscrire, s’actualiser, voir vos paiements et vos offres.',
        en: 'Register, update your situation, see payments and job offers.',
        ar: 'التسجيل، تحديث الوضعية، الاطلاع على المدفوعات وعروض العمل.',
      },
      prepare: [{ fr: 'Votre identifiant France Travail', en: 'Your France Travail ID', ar: 'معرّف France Travail' }],
      startUrl: 'https://www.francetravail.fr/accueil/',
      allow: ['*.francetravail.fr', '@franceconnect'],
    },
    {
      id: 'service-public',
      icon: 'service-public',
      name: { fr: 'Service-Public', en: 'Service-Public (all procedures)', ar: 'Service-Public (جميع الإجراءات)' },
      description: {
        fr: 'Toutes les démarches : état civil, logement, famille, retraite…',
        en: 'Every procedure: civil status, housing, family, retirement…',
        ar: 'جميع الإجراءات: الحالة المدنية، السكن، الأسرة، التقاعد…',
      },
      prepare: [],
      startUrl: 'https://www.service-public.gouv.fr/',
      allow: ['*.service-public.gouv.fr', '*.service-public.fr', '@franceconnect'],
    },
    {
      // Ma messagerie (issue 15): read an e-mail, a code a site sent for instance. The resident chooses where their
      // e-mails are; the démarche opens on that provider's login page. The allow-list holds the hosts each one's login
      // and webmail navigate to (top frame, frames, redirects) — see docs/configuration.md « Ma messagerie » for how
      // they were found. Its cookies and storage live in the session's profile like any site's: the wipe removes them.
      id: 'messagerie',
      icon: 'messagerie',
      name: { fr: 'Ma messagerie', en: 'My e-mail', ar: 'بريدي الإلكتروني' },
      description: {
        fr: 'Lire un e-mail, par exemple un code reçu.',
        en: 'Read an e-mail, for example a code you received.',
        ar: 'قراءة رسالة بريد إلكتروني، مثل رمز وصلك.',
      },
      prepare: [{ fr: 'Votre adresse e-mail et son mot de passe', en: 'Your e-mail address and its password', ar: 'عنوان بريدك الإلكتروني وكلمة مروره' }],
      startUrl: 'https://www.laposte.net/accueil',
      starts: [
        { id: 'laposte', name: 'La Poste (laposte.net)', url: 'https://www.laposte.net/accueil', domains: ['@laposte.net'] },
        { id: 'orange', name: 'Orange', url: 'https://login.orange.fr/', domains: ['@orange.fr', '@wanadoo.fr'] },
        { id: 'free', name: 'Free', url: 'https://webmail.free.fr/', domains: ['@free.fr'] },
        { id: 'sfr', name: 'SFR', url: 'https://webmail.sfr.fr/', domains: ['@sfr.fr', '@neuf.fr'] },
        {
          id: 'gmail',
          name: 'Gmail',
          url: 'https://accounts.google.com/ServiceLogin?service=mail&continue=https://mail.google.com/mail/',
          domains: ['@gmail.com'],
        },
        {
          id: 'outlook',
          name: 'Outlook (Hotmail)',
          url: 'https://outlook.live.com/mail/',
          domains: ['@outlook.fr', '@hotmail.fr', '@hotmail.com', '@live.fr'],
        },
        { id: 'yahoo', name: 'Yahoo', url: 'https://login.yahoo.com/?.done=https%3A%2F%2Fmail.yahoo.com%2F', domains: ['@yahoo.fr', '@yahoo.com'] },
      ],
      allow: [
        // La Poste: the webmail and its login (compte.laposte.net) on laposte.net.
        '*.laposte.net',
        // Orange: login.orange.fr, then the webmail (messagerie.orange.fr, mail.orange.fr).
        'login.orange.fr',
        'messagerie.orange.fr',
        'mail.orange.fr',
        // Free: the webmail and Free's account login.
        'webmail.free.fr',
        'subscribe.free.fr',
        // SFR: the webmail, SFR's login (www.sfr.fr/cas/login) and its messaging pages.
        'webmail.sfr.fr',
        'www.sfr.fr',
        'messagerie.sfr.fr',
        // Gmail: Google's login, the webmail, and the cross-site session hops of the login (accounts.youtube.com, accounts.google.fr).
        'accounts.google.com',
        'mail.google.com',
        'accounts.google.fr',
        'accounts.youtube.com',
        // Outlook: the webmail, the Microsoft account's login (login.live.com, account.live.com for its checks) and the
        // work/school and newer consumer login (login.microsoftonline.com).
        'outlook.live.com',
        'login.live.com',
        'account.live.com',
        'login.microsoftonline.com',
        // Yahoo: login, the EU consent pages, the webmail.
        'login.yahoo.com',
        'consent.yahoo.com',
        'guce.yahoo.com',
        'mail.yahoo.com',
        '*.mail.yahoo.com',
      ],
    },
  ],
  security: {
    // 2468 and 13579: public demo values, replace them (`cabine config hash-secret`).
    referentPinHash: 'scrypt$16384$8$1$QzPbp12uOAPaO/5HJQN5Rw==$NXqZmUV7GikC2RDwwwK1jBhdd9nER9DQ/uQB7eHQOaE=',
    technicianCodeHash: 'scrypt$16384$8$1$gIxmkqrjCsHbRDzQ3wGpWw==$11bnbtcHDN5GVf+MgJ9A8ob04RRgoExupcHd422oTGo=',
  },
  devices: {},
};
