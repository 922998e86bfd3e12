/*
 * questions.c - the safety screening questions, asked before any stretching.
 *
 * Each entry is one plain yes/no question, the level a "yes" raises the
 * verdict to, and what the person should do about it; a red flag that can
 * appear between sessions also has its sign in a few words, which the
 * safety box of a plan lists (limber_signs() in lib/screen.c), so a handout
 * gives each sign the level the screening gives the answer. The table is
 * data, not logic: limber_screen() takes the worst level among the answers,
 * and the catalog's screening rules refer to these ids, which are stable
 * because scripts and journals store them. The order is the order of
 * asking, worst first, so someone with an emergency sign hears it before
 * anything else. Every question and level is traced to its source in
 * docs/safety.md; change a text or a level there first, with the reason,
 * then here.
 */
#include <string.h>

#include "i18n.h"
#include "limber/limber.h"
#include "util.h"

/*
 * The table is laid out by hand, one question to a block, to be read as a
 * list; clang-format would split every field onto its own line.
 */
/* clang-format off */
static const struct limber_question questions[] = {
	/* Emergency: call for help now, no session. */
	{ .id = "bladder-bowel", .level = LIMBER_LEVEL_EMERGENCY, .area = NULL,
	  .text = N_("Since this pain began, have you had new trouble passing "
	    "urine, or lost control of your bladder or bowels?"),
	  .advice = N_("Call your local emergency number now and tell them about "
	    "these changes: the nerves low in your spine need a prompt check. "
	    "Do not stretch."),
	  .sign = N_("new trouble passing urine, or losing control of your "
	    "bladder or bowels") },
	{ .id = "saddle-numbness", .level = LIMBER_LEVEL_EMERGENCY, .area = NULL,
	  .text = N_("Have you had new numbness around your genitals, buttocks or "
	    "inner thighs (where you would sit on a saddle)?"),
	  .advice = N_("Call your local emergency number now and tell them about "
	    "this numbness: the nerves low in your spine need a prompt check. "
	    "Do not stretch."),
	  .sign = N_("new numbness around your genitals, buttocks or inner "
	    "thighs") },
	{ .id = "both-legs", .level = LIMBER_LEVEL_EMERGENCY, .area = NULL,
	  .text = N_("Do you have new pain, numbness or weakness in both legs, or "
	    "do your legs give way under you?"),
	  .advice = N_("Call your local emergency number now: signs in both legs "
	    "at once mean a doctor should check your spine straight away. "
	    "Do not stretch."),
	  .sign = N_("new pain, numbness or weakness in both legs, or legs that "
	    "give way") },
	{ .id = "sexual-function", .level = LIMBER_LEVEL_EMERGENCY, .area = NULL,
	  .text = N_("Since this pain began, have you newly lost feeling or "
	    "function during sex, such as sensation or erections?"),
	  .advice = N_("Call your local emergency number now and tell them about "
	    "this change: the nerves low in your spine need a prompt check. "
	    "Do not stretch."),
	  .sign = N_("new loss of feeling or function during sex") },
	{ .id = "major-trauma", .level = LIMBER_LEVEL_EMERGENCY, .area = NULL,
	  .text = N_("Did this pain start with a serious accident or fall, such as "
	    "a road crash or a fall from a height?"),
	  .advice = N_("Call your local emergency number now: after a serious "
	    "accident a doctor should check your spine before anything else. "
	    "Do not stretch."),
	  .sign = N_("a serious accident or fall, such as a road crash or a fall "
	    "from a height") },
	{ .id = "new-chest-pain", .level = LIMBER_LEVEL_EMERGENCY, .area = NULL,
	  .text = N_("Along with your back pain, have you had new or sudden pain in "
	    "your chest, or suddenly become short of breath?"),
	  .advice = N_("Call your local emergency number now: new chest pain or "
	    "sudden breathlessness with back pain needs checking at once. "
	    "Do not stretch."),
	  .sign = N_("new or sudden chest pain, or sudden shortness of breath") },
	{ .id = "neck-vascular", .level = LIMBER_LEVEL_EMERGENCY, .area = "upper",
	  .text = N_("Did sudden, severe neck pain come with double vision, "
	    "fainting, sudden falls, or trouble speaking or swallowing?"),
	  .advice = N_("Call your local emergency number now: together these can "
	    "mean a problem with the blood flow in your neck. Keep your neck "
	    "still and do not stretch."),
	  .sign = N_("sudden, severe neck pain with double vision, fainting, "
	    "sudden falls, or trouble speaking or swallowing") },
	{ .id = "fever-stiff-neck", .level = LIMBER_LEVEL_EMERGENCY, .area = "upper",
	  .text = N_("Do you have a fever and a stiff neck, with a bad headache or "
	    "eyes that hurt in bright light?"),
	  .advice = N_("Call your local emergency number now: a fever with a stiff "
	    "neck and headache needs a doctor straight away. Do not stretch."),
	  .sign = N_("a fever and a stiff neck, with a bad headache or eyes that "
	    "hurt in bright light") },
	/*
	 * Signs that the blood flow to the brain is in trouble count on their
	 * own, however mild the neck pain (docs/safety.md, "Stroke-type
	 * signs").
	 */
	{ .id = "neck-stroke-signs", .level = LIMBER_LEVEL_EMERGENCY,
	  .area = "upper",
	  .text = N_("Since this neck pain began, have you had any new double "
	    "vision, jumping or flickering eyes, slurred speech, trouble "
	    "swallowing, or numbness in your face?"),
	  .advice = N_("Call your local emergency number now and say which of "
	    "these you have: with neck pain they can be signs of a stroke or "
	    "of a torn blood vessel in the neck. Keep your neck still and do "
	    "not stretch."),
	  .sign = N_("new double vision, jumping or flickering eyes, slurred "
	    "speech, trouble swallowing, or a numb face") },
	{ .id = "neck-dizzy-unsteady", .level = LIMBER_LEVEL_EMERGENCY,
	  .area = "upper",
	  .text = N_("Since this neck pain began, have you newly felt dizzy or "
	    "sick, had sudden falls, or found it hard to walk steadily?"),
	  .advice = N_("Call your local emergency number now: with neck pain, new "
	    "dizziness, sickness, falls or unsteady walking can be signs of a "
	    "stroke or of a torn blood vessel in the neck. Keep your neck still "
	    "and do not stretch."),
	  .sign = N_("new dizziness or feeling sick, sudden falls, or trouble "
	    "walking steadily") },
	{ .id = "sudden-headache", .level = LIMBER_LEVEL_EMERGENCY,
	  .area = "upper",
	  .text = N_("Have you had a sudden, very bad headache, the worst you have "
	    "ever had?"),
	  .advice = N_("Call your local emergency number now: a headache that comes "
	    "on suddenly and is the worst of your life needs checking at once. "
	    "Keep your neck still and do not stretch."),
	  .sign = N_("a sudden, very bad headache, the worst you have ever had") },

	/*
	 * Asked before the urgent questions, out of the worst-first order: an
	 * urgent "yes" ends the questions, and past cancer with a nerve sign
	 * is an emergency (lib/screen.c, the combinations), so this answer
	 * must already be in.
	 */
	{ .id = "cancer-history", .level = LIMBER_LEVEL_SEE_CLINICIAN, .area = NULL,
	  .text = N_("Have you ever had cancer?"),
	  .advice = N_("Most back pain has a simple cause, but after cancer a doctor "
	    "should check it. Book an appointment soon, and do not start a "
	    "stretching routine until they have.") },

	/* Urgent: a doctor today, no session. */
	{ .id = "progressive-weakness", .level = LIMBER_LEVEL_URGENT, .area = NULL,
	  .text = N_("Is an arm or leg newly weak or numb, or getting weaker, or "
	    "have your hands become clumsy or your walking unsteady?"),
	  .advice = N_("Please see a doctor today: new or growing weakness needs a "
	    "prompt check. If you cannot reach one today, call your local "
	    "emergency number. Do not stretch until you have been checked."),
	  .sign = N_("an arm or leg newly weak or numb, or getting weaker, or "
	    "hands that have grown clumsy, or walking that has become "
	    "unsteady") },

	{ .id = "cord-signs", .level = LIMBER_LEVEL_URGENT, .area = NULL,
	  .text = N_("Do you have new tingling or numbness in both hands, or an "
	    "electric-shock feeling down your back, arms or legs when you bend "
	    "your chin to your chest?"),
	  .advice = N_("Please see a doctor today: these can mean pressure on the "
	    "spinal cord in your neck. If you cannot reach one today, call "
	    "your local emergency number. Do not stretch, and do not bend "
	    "your neck forward, until you have been checked."),
	  .sign = N_("new tingling or numbness in both hands, or an "
	    "electric-shock feeling down your back, arms or legs when "
	    "you bend your chin to your chest") },
	{ .id = "pregnancy-warning", .level = LIMBER_LEVEL_URGENT, .area = NULL,
	  .text = N_("Are you pregnant and have you had any bleeding, contractions, "
	    "fluid leaking, or pain in your belly or pelvis?"),
	  .advice = N_("Please contact your midwife, maternity unit or doctor today "
	    "and do not exercise until they have checked you. If the bleeding "
	    "is heavy or the pain severe, call your local emergency number."),
	  .sign = N_("in pregnancy: bleeding, contractions, fluid leaking, or "
	    "pain in your belly or pelvis (your midwife or maternity "
	    "unit can see you too)") },

	/* See a clinician: book an appointment, no session until then. */
	{ .id = "fever", .level = LIMBER_LEVEL_SEE_CLINICIAN, .area = NULL,
	  .text = N_("Do you have a fever, or feel generally unwell, along with "
	    "your back pain?"),
	  .advice = N_("Book an appointment with a doctor soon, and do not start a "
	    "stretching routine until they have checked you. If you feel very "
	    "unwell, get help today."),
	  .sign = N_("a fever, or feeling generally unwell") },
	{ .id = "weight-loss", .level = LIMBER_LEVEL_SEE_CLINICIAN, .area = NULL,
	  .text = N_("Have you lost weight lately without trying to?"),
	  .advice = N_("Book an appointment with a doctor soon to find out why, and "
	    "do not start a stretching routine until they have checked you."),
	  .sign = N_("weight loss without trying") },
	{ .id = "night-pain", .level = LIMBER_LEVEL_SEE_CLINICIAN, .area = NULL,
	  .text = N_("Is your pain no better when you rest or change position, and "
	    "worse at night?"),
	  .advice = N_("Pain that rest does not ease should be looked at. Book an "
	    "appointment with a doctor soon, and do not start a stretching "
	    "routine until they have checked it."),
	  .sign = N_("pain that rest does not ease and that is worse at night") },
	{ .id = "infection-risk", .level = LIMBER_LEVEL_SEE_CLINICIAN, .area = NULL,
	  .text = N_("Do you inject drugs, have a weakened immune system or take "
	    "steroid medicine long-term, or have you had a serious infection "
	    "lately?"),
	  .advice = N_("These make an infection near the spine more likely. Book an "
	    "appointment with a doctor soon, and do not start a stretching "
	    "routine until they have checked you.") },
	{ .id = "fracture-risk", .level = LIMBER_LEVEL_SEE_CLINICIAN, .area = NULL,
	  .text = N_("Do you have osteoporosis (thin bones) or take steroid medicine "
	    "long-term, and did this pain start after a fall or a knock?"),
	  .advice = N_("Thin bones can break after even a small fall. Book an "
	    "appointment with a doctor soon, and do not start a stretching "
	    "routine until they have checked your back."),
	  .sign = N_("a fall or a knock, if you have thin bones (osteoporosis) "
	    "or take steroid medicine long-term") },
	{ .id = "recent-knock", .level = LIMBER_LEVEL_SEE_CLINICIAN,
	  .area = NULL,
	  .text = N_("Did this pain start in the last few days with a fall, a "
	    "knock or blow, or a sports injury?"),
	  .advice = N_("First find out whether the injury needs treatment: book a "
	    "doctor or physiotherapist, and do not start a stretching routine "
	    "until they have checked it."),
	  .sign = N_("new pain after a fall, a knock or blow, or a sports injury") },
	{ .id = "recent-spine-surgery", .level = LIMBER_LEVEL_SEE_CLINICIAN,
	  .area = NULL,
	  .text = N_("Have you had an operation on your back or neck in the last "
	    "12 months?"),
	  .advice = N_("Ask your surgeon, doctor or physiotherapist which movements "
	    "are safe for you now, and do not start a stretching routine until "
	    "they have checked it.") },
	{ .id = "neck-dizziness", .level = LIMBER_LEVEL_SEE_CLINICIAN,
	  .area = "upper",
	  .text = N_("When you move your neck, do you feel dizzy, hear ringing in "
	    "your ears, or does your sight go blurred?"),
	  .advice = N_("Book a doctor or physiotherapist to check this, and do not "
	    "start a stretching routine until they have. If it ever comes with "
	    "sudden severe neck pain, call your local emergency number."),
	  .sign = N_("dizziness, ringing in your ears or blurred sight when you "
	    "move your neck") },

	{ .id = "unstable-neck", .level = LIMBER_LEVEL_SEE_CLINICIAN,
	  .area = "upper",
	  .text = N_("Do you have rheumatoid arthritis or another inflammatory "
	    "arthritis affecting your neck, or Down's syndrome?"),
	  .advice = N_("These can loosen the joints at the top of the neck, so "
	    "bending your head forward may not be safe. Ask a doctor or "
	    "physiotherapist which neck movements suit you, and do not start "
	    "a stretching routine until they have.") },
	{ .id = "mid-back-pain", .level = LIMBER_LEVEL_SEE_CLINICIAN,
	  .area = NULL,
	  .text = N_("Is the pain mainly in the middle of your back, between your "
	    "shoulder blades and your waist?"),
	  .advice = N_("Pain in the middle of the back has more possible causes "
	    "than neck or low back pain. Book an appointment with a doctor "
	    "soon, and do not start a stretching routine until they have "
	    "checked it."),
	  .sign = N_("pain mainly in the middle of your back, between your "
	    "shoulder blades and your waist") },
	{ .id = "back-lump", .level = LIMBER_LEVEL_SEE_CLINICIAN, .area = NULL,
	  .text = N_("Have you found a new lump on your back, or has the shape of "
	    "your back or neck changed?"),
	  .advice = N_("Book an appointment with a doctor soon to have it looked "
	    "at, and do not start a stretching routine until they have."),
	  .sign = N_("a new lump on your back, or a change in the shape of your "
	    "back or neck") },
	{ .id = "morning-stiffness", .level = LIMBER_LEVEL_SEE_CLINICIAN,
	  .area = NULL,
	  .text = N_("Did your back pain start before you were 45 and last more "
	    "than 3 months, and is your back at its stiffest in the morning, "
	    "easing as you move?"),
	  .advice = N_("This pattern can come from an inflammatory condition of "
	    "the spine, which a doctor can test for. It is not urgent: book an "
	    "appointment with your doctor, and do not start a stretching "
	    "routine until they have seen you.") },

	/*
	 * Facts: a "yes" alone changes nothing (level go, no reason); the
	 * combinations in lib/screen.c read them with other answers.
	 */
	{ .id = "new-pain", .level = LIMBER_LEVEL_GO, .area = NULL,
	  .text = N_("Is this pain new: did it start in the last 6 weeks, or is "
	    "it unlike any back or neck pain you have had before?"),
	  .advice = N_("On its own this changes nothing; it counts together with "
	    "your other answers.") },
	{ .id = "age-risk", .level = LIMBER_LEVEL_GO, .area = NULL,
	  .text = N_("Are you younger than 20, or older than 50?"),
	  .advice = N_("On its own this changes nothing; it counts together with "
	    "your other answers.") },

	/* Caution: the session goes on, changed. */
	{ .id = "lifting-strain", .level = LIMBER_LEVEL_CAUTION, .area = NULL,
	  .text = N_("Did this pain start in the last few days while lifting, "
	    "bending or twisting, with no fall or knock?"),
	  .advice = N_("Staying gently active helps a simple strain settle. Your "
	    "session goes ahead with a smaller dose while it settles: once "
	    "through, with fewer repetitions and shorter holds. Keep every "
	    "stretch well within comfort, and stop at any sharp pain.") },
	{ .id = "knee-problem", .level = LIMBER_LEVEL_CAUTION, .area = NULL,
	  .text = N_("Do you have a knee problem that makes kneeling painful or "
	    "hard?"),
	  .advice = N_("Your session is changed: nothing puts your weight on "
	    "your knees, even on cushions. Stretches that kneel are done on "
	    "a chair instead, or left out.") },
	{ .id = "pregnancy", .level = LIMBER_LEVEL_CAUTION, .area = NULL,
	  .text = N_("Are you pregnant?"),
	  .advice = N_("Your session is changed: nothing is done lying flat on "
	    "your back. Those stretches are done sitting or standing instead, "
	    "or left out.") },
	{ .id = "osteoporosis", .level = LIMBER_LEVEL_CAUTION, .area = NULL,
	  .text = N_("Have you been told you have osteoporosis (thin, weak bones)?"),
	  .advice = N_("Your session is changed: nothing holds your back folded "
	    "forward and nothing twists it, to spare your spine. Stretches "
	    "that keep your back straight stay in.") },
	{ .id = "spinal-fracture", .level = LIMBER_LEVEL_CAUTION, .area = NULL,
	  .text = N_("Have you ever been told you broke a bone in your spine (a "
	    "vertebral fracture), even one found only on an X-ray?"),
	  .advice = N_("Your session is changed: nothing holds your back folded "
	    "forward and nothing twists it, to spare your spine. Stretches "
	    "that keep your back straight stay in. If new back pain came on "
	    "suddenly, see a doctor before stretching.") },
	{ .id = "hypermobility", .level = LIMBER_LEVEL_CAUTION, .area = NULL,
	  .text = N_("Are your joints very flexible (hypermobile), bending further "
	    "than most people's?"),
	  .advice = N_("Your session is changed: each hold stops at a gentle pull, "
	    "well short of your furthest reach, and is never pushed deeper.") },

	/*
	 * Asked only when a plan could hold an exercise they change
	 * (.only_if_affected, limber_question_asked): their one effect is
	 * the exclusion table's (lib/exclusions.c).
	 */
	{ .id = "stenosis", .level = LIMBER_LEVEL_CAUTION, .area = NULL,
	  .only_if_affected = true,
	  .text = N_("Have you been told you have spinal stenosis, a narrowing "
	    "of the space the nerves run through in your spine?"),
	  .advice = N_("Your session is changed: nothing arches your back "
	    "backwards, which can narrow that space further. Exercises that "
	    "keep your back straight or bend it gently forward stay in.") },
	{ .id = "spondylolisthesis", .level = LIMBER_LEVEL_CAUTION,
	  .area = NULL, .only_if_affected = true,
	  .text = N_("Have you been told that a bone in your spine has slipped "
	    "forward over the one below it (spondylolisthesis)?"),
	  .advice = N_("Your session is changed: nothing arches your back "
	    "backwards, which loads the slipped bone. Exercises that keep "
	    "your back straight stay in.") },
	{ .id = "hip-replacement", .level = LIMBER_LEVEL_CAUTION, .area = NULL,
	  .only_if_affected = true,
	  .text = N_("Have you had a hip replaced?"),
	  .advice = N_("Your session is changed: nothing bends your hip further "
	    "than a right angle, such as drawing a knee to your chest, and "
	    "nothing crosses one leg over the other. If your surgeon or "
	    "physiotherapist gave you other limits, keep to theirs.") },

	{ .id = NULL },
};

/*
 * Retired questions: no longer asked, because their meaning was split or
 * narrowed and a changed meaning takes a new id (docs/safety.md, "Changing
 * a rule"). They stay known, at their old level, so that journals and
 * scripts that name them keep the verdict they had.
 */
static const struct limber_question retired[] = {
	{ .id = "chest-pain", .level = LIMBER_LEVEL_EMERGENCY, .area = NULL,
	  .text = N_("Along with your back pain, do you have pain in your chest, "
	    "or are you short of breath?"),
	  .advice = N_("Call your local emergency number now: chest pain or "
	    "breathlessness with back pain needs checking at once. "
	    "Do not stretch.") },
	{ .id = "recent-injury", .level = LIMBER_LEVEL_SEE_CLINICIAN, .area = NULL,
	  .text = N_("Did this pain start in the last few days with an injury or "
	    "strain, such as lifting something, a knock or a sports injury?"),
	  .advice = N_("First find out whether the injury needs treatment: book a "
	    "doctor or physiotherapist, and do not start a stretching routine "
	    "until they have checked it.") },
	{ .id = NULL },
};
/* clang-format on */

const struct limber_question *
limber_questions(void)
{
	return questions;
}

/*
 * The table holds the English, marked N_() for po/make-pot.py; every
 * front end reads a question through these, so each says it in the same
 * language.
 */
const char *
limber_question_text(const struct limber_question *q)
{
	return _(q->text);
}

const char *
limber_question_advice(const struct limber_question *q)
{
	return _(q->advice);
}

const char *
limber_question_sign(const struct limber_question *q)
{
	return q->sign != NULL ? _(q->sign) : NULL;
}

const struct limber_question *
limber_questions_retired(void)
{
	return retired;
}

/*
 * The answers that change slowly, which a new check on the same local day
 * may take from the day's earlier check instead of asking again
 * (docs/safety.md, "Asked before every session"). Every other question is
 * asked before every session.
 */
static const char *const reusable[] = {
	"knee-problem",
	"pregnancy",
	"osteoporosis",
	"hypermobility",
};

bool
limber_question_reusable(const char *id)
{
	for (size_t i = 0; id != NULL && i < nitems(reusable); i++)
		if (strcmp(reusable[i], id) == 0)
			return true;
	return false;
}

bool
limber_question_applies(const struct limber_question *q, unsigned area)
{
	if (q->area == NULL)
		return true;
	if (strcmp(q->area, "upper") == 0)
		return (area & LIMBER_AREA_UPPER) != 0;
	if (strcmp(q->area, "lower") == 0)
		return (area & LIMBER_AREA_LOWER) != 0;
	return true;
}

bool
limber_question_asked(const struct limber_question *q, unsigned area,
    const struct limber_catalog *cat)
{
	const char *const yes[] = { q->id };

	if (!limber_question_applies(q, area))
		return false;
	if (!q->only_if_affected || cat == NULL)
		return true;
	for (size_t i = 0; i < cat->n; i++) {
		const struct limber_stretch *st = cat->stretches[i];

		if ((st->areas & area) == 0)
			continue;
		if (limber_exclusion_blocking(yes, 1, st->needs, st->moves,
			st->moves_known) != NULL)
			return true;
		for (size_t k = 0; k < st->nvariants; k++) {
			const struct limber_variant *va = &st->variants[k];

			if (limber_exclusion_blocking(yes, 1, va->needs,
				va->moves, va->moves_known) != NULL)
				return true;
		}
	}
	return false;
}

bool
limber_question_ends_asking(const struct limber_question *q)
{
	return q->level >= LIMBER_LEVEL_URGENT;
}

const struct limber_question *
limber_question_find(const char *id)
{
	const struct limber_question *q;

	if (id == NULL)
		return NULL;
	for (q = questions; q->id != NULL; q++)
		if (strcmp(q->id, id) == 0)
			return q;
	for (q = retired; q->id != NULL; q++)
		if (strcmp(q->id, id) == 0)
			return q;
	return NULL;
}
