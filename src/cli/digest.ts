export async function digest(..._args: unknown[]): Promise<void> { throw new Error('fundwatch digest: not built yet'); }
