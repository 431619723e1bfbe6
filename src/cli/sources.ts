export async function check(..._args: unknown[]): Promise<void> { throw new Error('fundwatch sources: not built yet'); }
export async function test(..._args: unknown[]): Promise<void> { throw new Error('fundwatch sources: not built yet'); }
