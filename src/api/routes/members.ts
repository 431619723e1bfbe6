// /api/members and /api/members/:id: create, list, read, update and erase members (with their profiles).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { profileProblem } from '../../members/keywords.js';
import {
  createMember,
  createProfile,
  deleteMember,
  EmailTakenError,
  getMember,
  listMembers,
  updateMember,
} from '../../members/store.js';
import type { Member } from '../../members/types.js';
import { ApiError } from '../errors.js';
import { memberJson } from '../json.js';
import {
  errorResponses,
  IdParams,
  MemberCreateBody,
  MemberListQuery,
  MemberPatchBody,
  MemberSchema,
  pageOf,
} from '../schemas.js';
import { refreshProfileMatches } from '../refresh.js';
import { profileInput } from './profiles.js';

export function memberNotFound(id: number): ApiError {
  return new ApiError(404, `Membre ${id} introuvable.`);
}

function emailTaken(email: string): ApiError {
  return new ApiError(409, `Un membre utilise déjà l’adresse ${email} : la comparaison ne tient pas compte des majuscules (Alice@Asso.fr et alice@asso.fr sont la même adresse).`);
}

function checkProfileTerms(
  profiles: { keywords?: readonly string[]; exclude?: readonly string[]; regions?: readonly string[] }[],
  prefix: (index: number) => string): void {
  for (const [index, profile] of profiles.entries()) {
    const problem = profileProblem(profile);
    if (problem) throw new ApiError(400, `Requête invalide : ${prefix(index)}${problem}`);
  }
}

export const memberRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/members',
    {
      schema: {
        summary: 'Lister les membres',
        description: 'Du plus ancien au plus récent, filtrés par statut ou par texte (email, nom, structure).',
        querystring: MemberListQuery,
        response: { 200: pageOf(MemberSchema), ...errorResponses(400) },
      },
    },
    async (request) => {
      const { limit, offset, status, q } = request.query;
      const page = listMembers(db, { status, q }, { limit, offset });
      return { items: page.items.map(memberJson), total: page.total };
    },
  );

  app.post(
    '/members',
    {
      schema: {
        summary: 'Créer un membre',
        description: 'Avec, si besoin, ses profils de projet. 409 si l’adresse est déjà utilisée.',
        body: MemberCreateBody,
        response: { 201: MemberSchema, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      checkProfileTerms(body.profiles ?? [], (i) => `profiles[${i}].`);
      const now = app.now();
      let member: Member;
      try {
        member = db.transaction(() => {
          const created = createMember(
            db,
            { email: body.email, name: body.name, organisation: body.organisation, status: body.status, tags: body.tags, visibleToNetwork: body.visible_to_network, pausedUntil: body.paused_until },
            now,
          );
          for (const profile of body.profiles ?? []) createProfile(db, created.id, profileInput(profile), now);
          return getMember(db, created.id)!;
        })();
      } catch (error) {
        if (error instanceof EmailTakenError) throw emailTaken(error.email);
        throw error;
      }
      await refreshProfileMatches(app.ctx, member.profiles.map((p) => p.id), request.log, now);
      return reply.status(201).send(memberJson(getMember(db, member.id)!));
    },
  );

  app.get(
    '/members/:id',
    {
      schema: {
        summary: 'Lire un membre et ses profils',
        params: IdParams,
        response: { 200: MemberSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const member = getMember(db, request.params.id);
      if (!member) throw memberNotFound(request.params.id);
      return memberJson(member);
    },
  );

  app.patch(
    '/members/:id',
    {
      schema: {
        summary: 'Modifier un membre',
        description: 'Seuls les champs envoyés changent. 409 si la nouvelle adresse est déjà utilisée.',
        params: IdParams,
        body: MemberPatchBody,
        response: { 200: MemberSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => {
      const { email, name, organisation, status, tags, visible_to_network: visibleToNetwork, paused_until: pausedUntil } = request.body;
      const now = app.now();
      const before = getMember(db, request.params.id);
      let member: Member | null;
      try {
        member = updateMember(db, request.params.id, { email, name, organisation, status, tags, visibleToNetwork, pausedUntil }, now);
      } catch (error) {
        if (error instanceof EmailTakenError) throw emailTaken(error.email);
        throw error;
      }
      if (!member || !before) throw memberNotFound(request.params.id);
      // Matches exist for active members only: a change of status adds or removes them.
      if (member.status !== before.status) await refreshProfileMatches(app.ctx, member.profiles.map((p) => p.id), request.log, now);
      return memberJson(member);
    },
  );

  app.delete(
    '/members/:id',
    {
      schema: {
        summary: 'Effacer un membre',
        description: 'Droit à l’effacement : supprime le membre, ses profils, ses correspondances et ses envois. Seuls les totaux anonymes restent.',
        params: IdParams,
        response: { 204: Type.Null({ description: 'membre effacé' }), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      if (!deleteMember(db, request.params.id)) throw memberNotFound(request.params.id);
      return reply.status(204).send(null);
    },
  );
};

export { checkProfileTerms };
