export async function runReport(o: { out: string; lang: "en" | "zh"; quick?: boolean; seeds?: string }): Promise<void> { void o; }
