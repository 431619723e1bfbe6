export async function fetch(..._args: unknown[]): Promise<void> { throw new Error('fundwatch fetch: not built yet'); }
