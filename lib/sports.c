/*
 * sports.c - the muscles each sport a workout cool-down is for uses most.
 *
 * Project policy, written once here and read by the planner: after a
 * workout, stretch the muscles the sport worked (ACSM: stretch the major
 * muscle-tendon groups, best when the muscles are warm; NHS "stretches
 * after exercise"). Which muscles each sport works most is a plain
 * reading of the movement, not a published table; docs/planner.md says so.
 */
#include "limber/limber.h"

static const unsigned sport_muscles[LIMBER_SPORT_COUNT] = {
	[LIMBER_SPORT_NONE] = 0,
	/* Pushing off, landing and swinging the legs. */
	[LIMBER_SPORT_RUNNING] = LIMBER_MUSCLE_CALVES |
	    LIMBER_MUSCLE_HAMSTRINGS | LIMBER_MUSCLE_QUADRICEPS |
	    LIMBER_MUSCLE_HIP_FLEXORS | LIMBER_MUSCLE_GLUTES |
	    LIMBER_MUSCLE_HIPS,
	/* Pedalling with the hips bent, the back and neck held forward. */
	[LIMBER_SPORT_CYCLING] = LIMBER_MUSCLE_QUADRICEPS |
	    LIMBER_MUSCLE_HIP_FLEXORS | LIMBER_MUSCLE_HAMSTRINGS |
	    LIMBER_MUSCLE_GLUTES | LIMBER_MUSCLE_CALVES |
	    LIMBER_MUSCLE_LOWER_BACK | LIMBER_MUSCLE_NECK,
	/* Lifting from the floor, pressing and pulling. */
	[LIMBER_SPORT_LIFTING] = LIMBER_MUSCLE_LOWER_BACK |
	    LIMBER_MUSCLE_GLUTES | LIMBER_MUSCLE_HAMSTRINGS |
	    LIMBER_MUSCLE_QUADRICEPS | LIMBER_MUSCLE_CHEST |
	    LIMBER_MUSCLE_SHOULDERS | LIMBER_MUSCLE_UPPER_BACK |
	    LIMBER_MUSCLE_FOREARMS,
	/* Swinging, twisting, gripping and quick steps. */
	[LIMBER_SPORT_RACKET] = LIMBER_MUSCLE_SHOULDERS |
	    LIMBER_MUSCLE_FOREARMS | LIMBER_MUSCLE_SIDES | LIMBER_MUSCLE_CHEST |
	    LIMBER_MUSCLE_UPPER_BACK | LIMBER_MUSCLE_CALVES |
	    LIMBER_MUSCLE_HAMSTRINGS,
};

unsigned
limber_sport_muscles(enum limber_sport sport)
{
	return (unsigned)sport < LIMBER_SPORT_COUNT ? sport_muscles[sport] : 0;
}
