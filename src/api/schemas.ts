// Schemas shared by the API's routes: they validate input, serialise output and feed the OpenAPI document.
import { Type, type Static, type TSchema } from 'typebox';
import { FUNDER_TYPES } from '../calls/types.js';
import { DEFAULT_MIN_SCORE } from '../match/score.js';
import { DESCRIPTION_MAX_LENGTH } from '../members/types.js';

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

export const ErrorSchema = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
  },
  { description: 'Erreur : code HTTP, intitulé et message en français' },
);

/** Error responses for the status codes given, for the OpenAPI document and the serialiser. */
export function errorResponses(...codes: number[]): Record<number, typeof ErrorSchema> {
  return Object.fromEntries(codes.map((code) => [code, ErrorSchema]));
}

export const IdParams = Type.Object(
  { id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'identifiant numérique' }) },
  { additionalProperties: false },
);

export const pageProperties = {
  limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: `taille de la page (${MAX_PAGE_SIZE} au plus)` }),
  offset: Type.Integer({ minimum: 0, default: 0, description: 'nombre d’éléments à sauter' }),
};

export const PageQuery = Type.Object(pageProperties, { additionalProperties: false });

export function pageOf<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), total: Type.Integer({ minimum: 0 }) });
}

export function nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

export const FunderType = Type.Enum([...FUNDER_TYPES], { description: 'type de financeur' });

// ---- profiles -------------------------------------------------------------

const termsSchema = (description: string) =>
  Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 200, description });

const profileProperties = {
  name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', description: 'nom du projet' }),
  keywords: termsSchema('mots ou "expressions entre guillemets", avec un poids facultatif ^n (ex. "tiers-lieux"^2)'),
  exclude: termsSchema('mots ou expressions qui écartent un appel'),
  categories: Type.Array(FunderType, { maxItems: FUNDER_TYPES.length, uniqueItems: true, description: 'types de financeurs suivis ; vide : tous' }),
  regions: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50, description: 'régions suivies ; vide : toutes' }),
  min_score: nullable(Type.Number({ minimum: 0, maximum: 100, description: `score minimal (0 à 100) ; null : valeur par défaut (${DEFAULT_MIN_SCORE})` })),
  description: nullable(
    Type.String({ maxLength: DESCRIPTION_MAX_LENGTH, description: 'le projet dans les mots du membre (2 000 caractères au plus) ; compte moins que les mots-clés, et un mot-clé d’un seul mot cité en passant, sans autre terme du projet, n’envoie plus l’appel ; null ou vide : aucune' }),
  ),
};

export const ProfileCreateBody = Type.Object(
  {
    name: profileProperties.name,
    keywords: Type.Optional(profileProperties.keywords),
    exclude: Type.Optional(profileProperties.exclude),
    categories: Type.Optional(profileProperties.categories),
    regions: Type.Optional(profileProperties.regions),
    min_score: Type.Optional(profileProperties.min_score),
    description: Type.Optional(profileProperties.description),
  },
  { additionalProperties: false },
);
export type ProfileCreateBody = Static<typeof ProfileCreateBody>;

export const ProfilePatchBody = Type.Partial(ProfileCreateBody, { additionalProperties: false, minProperties: 1 });
export type ProfilePatchBody = Static<typeof ProfilePatchBody>;

export const ProfileSchema = Type.Object({
  id: Type.Integer(),
  member_id: Type.Integer(),
  name: Type.String(),
  keywords: Type.Array(Type.String()),
  exclude: Type.Array(Type.String()),
  categories: Type.Array(Type.String()),
  regions: Type.Array(Type.String()),
  min_score: nullable(Type.Number()),
  description: Type.String({ description: 'le projet dans les mots du membre ; vide : aucune' }),
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type ProfileJson = Static<typeof ProfileSchema>;

// ---- members --------------------------------------------------------------

export const MemberStatus = Type.Enum(['active', 'unsubscribed'], { description: 'active : reçoit la lettre ; unsubscribed : désinscrit' });

const memberProperties = {
  email: Type.String({ format: 'email', maxLength: 254, description: 'unique, sans tenir compte de la casse' }),
  name: nullable(Type.String({ maxLength: 200 })),
  organisation: nullable(Type.String({ maxLength: 200 })),
  status: MemberStatus,
  tags: Type.Array(Type.String({ minLength: 1, maxLength: 50, pattern: '^[^\\s,;]+$' }), {
    maxItems: 50,
    description: 'étiquettes choisies par l’équipe (ex. epn, fablab), visées par les appels épinglés ; en minuscules',
  }),
  visible_to_network: Type.Boolean({
    description: 'true : les autres membres concernés par le même appel (et qui ont dit oui) voient la structure de ce membre',
  }),
  paused_until: nullable(
    Type.String({ format: 'date', description: 'AAAA-MM-JJ : pas de lettre avant ce jour (la pause finit d’elle-même) ; null : pas de pause' }),
  ),
};

export const MemberCreateBody = Type.Object(
  {
    email: memberProperties.email,
    name: Type.Optional(memberProperties.name),
    organisation: Type.Optional(memberProperties.organisation),
    status: Type.Optional(memberProperties.status),
    tags: Type.Optional(memberProperties.tags),
    visible_to_network: Type.Optional(memberProperties.visible_to_network),
    paused_until: Type.Optional(memberProperties.paused_until),
    profiles: Type.Optional(Type.Array(ProfileCreateBody, { maxItems: 50, description: 'profils créés avec le membre' })),
  },
  { additionalProperties: false },
);
export type MemberCreateBody = Static<typeof MemberCreateBody>;

export const MemberPatchBody = Type.Object(
  {
    email: Type.Optional(memberProperties.email),
    name: Type.Optional(memberProperties.name),
    organisation: Type.Optional(memberProperties.organisation),
    status: Type.Optional(memberProperties.status),
    tags: Type.Optional(memberProperties.tags),
    visible_to_network: Type.Optional(memberProperties.visible_to_network),
    paused_until: Type.Optional(memberProperties.paused_until),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type MemberPatchBody = Static<typeof MemberPatchBody>;

export const MemberSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: nullable(Type.String()),
  organisation: nullable(Type.String()),
  status: Type.String(),
  created_at: Type.String(),
  updated_at: Type.String(),
  unsubscribed_at: nullable(Type.String()),
  tags: Type.Array(Type.String()),
  visible_to_network: Type.Boolean(),
  paused_until: nullable(Type.String()),
  profiles: Type.Array(ProfileSchema),
});
export type MemberJson = Static<typeof MemberSchema>;

export const MemberListQuery = Type.Object(
  {
    ...pageProperties,
    status: Type.Optional(MemberStatus),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'partie de l’email, du nom ou de la structure' })),
  },
  { additionalProperties: false },
);

// ---- calls ----------------------------------------------------------------

const SourceRefSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  url: nullable(Type.String()),
  attribution: nullable(Type.String({ description: 'mention à afficher avec les données de cette source (licence)' })),
  public: Type.Boolean({ description: 'false : les appels de cette source ne paraissent pas sur la page publique' }),
});

const AmountSchema = Type.Object({
  min: nullable(Type.Number()),
  max: nullable(Type.Number()),
  currency: Type.String(),
  scope: nullable(Type.Union([Type.Literal('project'), Type.Literal('total')], { description: 'project : par projet (structure, lauréat, poste) ; total : enveloppe partagée entre lauréats ; null : le texte ne le dit pas' })),
});

const callProperties = {
  id: Type.Integer(),
  title: Type.String(),
  url: nullable(Type.String()),
  summary: Type.String(),
  funder: Type.String(),
  funder_name: nullable(Type.String()),
  regions: Type.Array(Type.String()),
  categories: Type.Array(Type.String()),
  deadlines: Type.Array(Type.String(), { description: 'toutes les dates limites trouvées, AAAA-MM-JJ' }),
  next_deadline: nullable(Type.String()),
  open: Type.Boolean({ description: 'statut ouvert et date limite inconnue ou non passée' }),
  amount: nullable(AmountSchema),
  opens: nullable(Type.String({ description: 'ouverture des candidatures, AAAA-MM-JJ, quand le texte la donne' })),
  rate: nullable(Type.Number({ description: 'taux de financement (ou de cofinancement) le plus élevé, en %' })),
  recurrence: nullable(Type.Union([Type.Literal('annual'), Type.Literal('rolling')], { description: 'annual : revient chaque année (le texte le dit, ou ses éditions passées reviennent à un an d’écart) ; rolling : au fil de l’eau, sans date limite' })),
  expected_next: nullable(
    Type.Object(
      {
        opens: nullable(Type.String({ description: 'ouverture attendue, AAAA-MM-JJ' })),
        deadline: nullable(Type.String({ description: 'date limite attendue, AAAA-MM-JJ' })),
      },
      { description: 'prochaine édition attendue d’un appel qui revient chaque année, d’après les dates des éditions passées ; null sinon' },
    ),
  ),
  eu_funds: Type.Array(Type.String(), { description: 'fonds et programmes européens nommés (FSE+, FEDER, Interreg…), dans l’ordre du texte' }),
  eu_notice: nullable(
    Type.String({
      description:
        'avertissement « fonds européens » (versement après justification des dépenses, avance de trésorerie, cofinancement, avec le taux quand le texte le donne) pour un appel financé par l’UE ; null sinon',
    }),
  ),
  published_at: nullable(Type.String()),
  status: Type.String(),
  first_seen: Type.String(),
  last_seen: Type.String(),
  updated_at: Type.String(),
  sources: Type.Array(SourceRefSchema),
  attribution: Type.Array(Type.String(), { description: 'mentions des sources de l’appel (licences), à afficher avec lui' }),
};

export const CallSummarySchema = Type.Object(callProperties);
export type CallSummaryJson = Static<typeof CallSummarySchema>;

export const CallSchema = Type.Object({ ...callProperties, body: Type.String({ description: 'texte complet, en texte brut' }) });
export type CallJson = Static<typeof CallSchema>;

const isoDay = (description: string) => Type.String({ format: 'date', description });

export const CallListQuery = Type.Object(
  {
    ...pageProperties,
    q: Type.Optional(Type.String({ maxLength: 500, description: 'recherche plein texte (accents ignorés, préfixes, "expression exacte")' })),
    source: Type.Optional(Type.String({ maxLength: 200, description: 'identifiant de source (feeds.yaml)' })),
    category: Type.Optional(Type.String({ maxLength: 100, description: 'type de financeur (eu, state, region...) ou catégorie' })),
    region: Type.Optional(
      Type.String({
        maxLength: 100,
        description:
          'région des appels : son nom comme dans les profils (Provence-Alpes-Côte d’Azur, majuscules et accents indifférents) ou son identifiant (provence-alpes-cote-d-azur) ; ' +
          '`france` pour les appels nationaux. Une région trouve aussi les appels de ses départements ; un département (Vaucluse, 84) ' +
          'trouve les siens et ceux de toute sa région. Une valeur inconnue donne une erreur 400 qui liste les valeurs possibles.',
        examples: ['Provence-Alpes-Côte d’Azur', 'occitanie'],
      }),
    ),
    open: Type.Optional(Type.Boolean({ description: 'true : ouverts (date limite inconnue ou non passée) ; false : les autres' })),
    deadline_before: Type.Optional(isoDay('date limite au plus tard ce jour (inclus)')),
    deadline_after: Type.Optional(isoDay('date limite au plus tôt ce jour (inclus)')),
  },
  { additionalProperties: false },
);

// ---- followed calls (issue 17) ---------------------------------------------

export const FollowedCallSchema = Type.Object({
  call_id: Type.Integer(),
  status: Type.Enum(['interested', 'applying', 'submitted', 'won', 'lost', 'none'], {
    description: 'interested : à étudier ; applying : je candidate ; submitted : dossier déposé ; won : obtenu ; lost : refusé ; none : ne plus suivre',
  }),
  updated_at: Type.String({ description: 'dernier changement de statut' }),
  title: Type.String(),
  deadline: nullable(Type.String({ description: 'prochaine date limite, AAAA-MM-JJ' })),
  open: Type.Boolean({ description: 'l’appel est encore ouvert' }),
});

export const FollowedCallsQuery = Type.Object(
  {
    ...pageProperties,
    include_none: Type.Optional(Type.Boolean({ description: 'inclure les appels que le membre ne suit plus (statut none)', default: false })),
  },
  { additionalProperties: false },
);

// ---- pins (issue 18) ------------------------------------------------------

export const PinBody = Type.Object(
  {
    note: Type.String({ minLength: 1, maxLength: 2000, description: 'le mot de l’équipe, affiché avec l’appel' }),
    internal_deadline: Type.Optional(nullable(isoDay('date avant laquelle le réseau veut recevoir le dossier (relecture), AAAA-MM-JJ'))),
    tags: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 50, pattern: '^[^\\s,;]+$' }), {
        maxItems: 50,
        description: 'membres ayant l’une de ces étiquettes ; vide ou absent : tous les membres actifs',
      }),
    ),
  },
  { additionalProperties: false },
);
export type PinBody = Static<typeof PinBody>;

export const PinSchema = Type.Object({
  call_id: Type.Integer(),
  note: Type.String(),
  internal_deadline: nullable(Type.String()),
  tags: Type.Array(Type.String()),
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type PinJson = Static<typeof PinSchema>;
