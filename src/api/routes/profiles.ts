// /api/members/:id/profiles and /api/profiles/:id: a member's project profiles.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { cleanTerms } from '../../members/keywords.js';
import { createProfile, deleteProfile, getMember, getProfile, updateProfile } from '../../members/store.js';
import type { ProfileInput, ProfilePatch } from '../../members/types.js';
import { ApiError } from '../errors.js';
import { profileJson } from '../json.js';
import { refreshProfileMatches } from '../refresh.js';
import { errorResponses, IdParams, ProfileCreateBody, ProfilePatchBody, ProfileSchema } from '../schemas.js';
import { checkProfileTerms, memberNotFound } from './members.js';

/** API body to the store's input: snake_case to camelCase, terms trimmed. */
export function profileInput(body: ProfileCreateBody): ProfileInput {
  return {
    name: body.name.trim(),
    keywords: cleanTerms(body.keywords),
    exclude: cleanTerms(body.exclude),
    categories: body.categories,
    regions: body.regions?.map((r) => r.trim()),
    minScore: body.min_score,
    description: body.description,
  };
}

function profilePatch(body: ProfilePatchBody): ProfilePatch {
  return {
    name: body.name?.trim(),
    keywords: body.keywords === undefined ? undefined : cleanTerms(body.keywords),
    exclude: body.exclude === undefined ? undefined : cleanTerms(body.exclude),
    categories: body.categories,
    regions: body.regions?.map((r) => r.trim()),
    minScore: body.min_score,
    description: body.description,
  };
}

function profileNotFound(id: number): ApiError {
  return new ApiError(404, `Profil ${id} introuvable.`);
}

export const profileRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.post(
    '/members/:id/profiles',
    {
      schema: {
        summary: 'Ajouter un profil de projet à un membre',
        description: 'Les correspondances du profil sont calculées aussitôt.',
        params: IdParams,
        body: ProfileCreateBody,
        response: { 201: ProfileSchema, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      checkProfileTerms([request.body], () => '');
      if (!getMember(db, request.params.id)) throw memberNotFound(request.params.id);
      const now = app.now();
      const profile = createProfile(db, request.params.id, profileInput(request.body), now);
      await refreshProfileMatches(app.ctx, [profile.id], request.log, now);
      return reply.status(201).send(profileJson(profile));
    },
  );

  app.get(
    '/profiles/:id',
    {
      schema: {
        summary: 'Lire un profil',
        params: IdParams,
        response: { 200: ProfileSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const profile = getProfile(db, request.params.id);
      if (!profile) throw profileNotFound(request.params.id);
      return profileJson(profile);
    },
  );

  app.patch(
    '/profiles/:id',
    {
      schema: {
        summary: 'Modifier un profil',
        description: 'Seuls les champs envoyés changent ; les correspondances sont recalculées.',
        params: IdParams,
        body: ProfilePatchBody,
        response: { 200: ProfileSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      checkProfileTerms([request.body], () => '');
      const now = app.now();
      const profile = updateProfile(db, request.params.id, profilePatch(request.body), now);
      if (!profile) throw profileNotFound(request.params.id);
      await refreshProfileMatches(app.ctx, [profile.id], request.log, now);
      return profileJson(getProfile(db, profile.id)!);
    },
  );

  app.delete(
    '/profiles/:id',
    {
      schema: {
        summary: 'Supprimer un profil',
        description: 'Supprime aussi ses correspondances.',
        params: IdParams,
        response: { 204: Type.Null({ description: 'profil supprimé' }), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      if (!deleteProfile(db, request.params.id)) throw profileNotFound(request.params.id);
      return reply.status(204).send(null);
    },
  );
};
