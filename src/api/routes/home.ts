// GET /: the address `serve` prints answers something useful: a short French page saying what the service is, what
// is set up and what is not, with links to the API's documentation.
import type { FastifyInstance } from 'fastify';
import { renderTemplatePage } from '../../pages/layout.js';
import { readSourcesState, setupNotes } from '../../pages/setup.js';
import { frenchSpaces } from '../../typography.js';

export async function homeRoutes(app: FastifyInstance): Promise<void> {
  const { config } = app.ctx;
  app.get('/', { schema: { summary: 'Page d’accueil (publique) : ce qu’est le service et son état', tags: ['public'], produces: ['text/html'] } }, async (_request, reply) => {
    // feeds.yaml is read at each visit: staff edit it while the service runs, and this page is rate-limited.
    const notes = setupNotes(config, readSourcesState(config.feedsPath)).map((note) => ({
      ...note,
      text: frenchSpaces(note.text),
      hint: note.hint === null ? null : frenchSpaces(note.hint),
    }));
    const html = renderTemplatePage('home.html', { notes }, { title: 'Veille financements', width: 720 });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  });
}
