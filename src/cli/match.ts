export async function match(..._args: unknown[]): Promise<void> { throw new Error('fundwatch match: not built yet'); }
