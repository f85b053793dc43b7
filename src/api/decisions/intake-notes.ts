/**
 * Intake notes (free text, may hold health data) are stored only here, in PostgreSQL — never
 * sent to the workflow. Used by the brede-intake decision and by completing its task.
 */
import type { PrismaClient } from '../../db/client';

export interface IntakeNoteText {
  leefgebied?: string | undefined;
  text: string;
}

export async function storeIntakeNotes(
  prisma: PrismaClient,
  trajectoryId: string,
  notes: readonly IntakeNoteText[],
  authorId: string,
): Promise<void> {
  if (notes.length === 0) return;
  await prisma.intakeNote.createMany({
    data: notes.map((note) => ({ trajectoryId, leefgebied: note.leefgebied ?? null, text: note.text, authorId })),
  });
}
