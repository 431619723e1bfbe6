export async function importMembers(..._args: unknown[]): Promise<void> { throw new Error('fundwatch members: not built yet'); }
