/** The signed-in learner's home page: courses to continue, then courses recommended for them. */
import { request } from './api'
import { graphql } from './generated'
import type { HomeQuery } from './generated/graphql'
import type { CourseSummary } from './types'

/** A course in progress with the lesson to go on with (`ContinueItem` in edusphere/courses/schema.graphql). */
export type ContinueItem = HomeQuery['continueLearning'][number]

export interface Home {
  continueLearning: ContinueItem[]
  recommended: CourseSummary[]
}

/** Both sections in one request (the server answers each in a query or two, whatever their size). */
export async function fetchHome(continueFirst = 6, recommendedFirst = 8): Promise<Home> {
  const data = await request(
    graphql(`query Home($continueFirst: Int, $recommendedFirst: Int) {
      continueLearning(first: $continueFirst) {
        course { ...CourseSummaryFields }
        nextLesson { id title kind durationSeconds locked opensAt }
        progress { completedLessons totalLessons percent }
        lastActivityAt
      }
      recommendedCourses(first: $recommendedFirst) { ...CourseSummaryFields }
    }`),
    { continueFirst, recommendedFirst },
  )
  return { continueLearning: data.continueLearning, recommended: data.recommendedCourses }
}
