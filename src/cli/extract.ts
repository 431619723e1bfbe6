export async function extract(..._args: unknown[]): Promise<void> { throw new Error('fundwatch extract: not built yet'); }
