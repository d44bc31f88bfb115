/** Catalog, course pages, learning and authoring calls. */
import { ApiError, request } from './api'
import { graphql } from './generated'
import type {
  CourseFilter,
  CourseInput as CourseInputType,
  LessonInput as LessonInputType,
  MyLearningQuery,
  StudioCourseFieldsFragment,
} from './generated/graphql'
import type { CatalogSuggestion, Category, CourseDetail, CoursePage, CourseSort, CourseSummary, Enrollment, Lesson, Module, Review } from './types'

/** What the catalog is searched by (`CourseFilter` in edusphere/courses/schema.graphql). */
export type CatalogFilter = CourseFilter

export async function searchCourses(filter: CatalogFilter, sort: CourseSort, after: string | null, first = 12): Promise<CoursePage> {
  const data = await request(
    graphql(`query Catalog($filter: CourseFilter, $sort: CourseSort, $first: Int, $after: String) {
      courses(filter: $filter, sort: $sort, first: $first, after: $after) {
        edges { node { ...CourseSummaryFields } }
        pageInfo { ...PageInfoFields }
        totalCount
        facets { categories { slug name count } priceBands { key label minCents maxCents count } }
        search { text mode didYouMean }
      }
    }`),
    { filter, sort, first, after },
  )
  const { edges, ...rest } = data.courses
  return { ...rest, courses: edges.map((edge) => edge.node) }
}

/** Search-as-you-type under the catalog box: course titles, categories, creators (rate limited per address). */
export async function suggestCatalog(text: string): Promise<CatalogSuggestion[]> {
  const data = await request(
    graphql(`query CatalogSuggestions($text: String!) {
      catalogSuggestions(text: $text) { kind label courseSlug categorySlug creatorId detail }
    }`),
    { text },
  )
  return data.catalogSuggestions
}

/** Published courses an admin features, newest featured first (at most 8). */
export async function fetchFeaturedCourses(): Promise<CourseSummary[]> {
  return (await request(graphql(`query Featured { featuredCourses { ...CourseSummaryFields } }`))).featuredCourses
}

export async function fetchCategories(): Promise<Category[]> {
  return (await request(graphql(`query Categories { categories { ...CategoryFields } }`))).categories
}

export async function fetchCourse(slug: string): Promise<CourseDetail | null> {
  const data = await request(
    graphql(`query Course($slug: String!) { course(slug: $slug) { ...CourseDetailFields } }`),
    { slug },
  )
  return data.course
}

/** For pages that cannot show anything without the course: a missing one is an error state. */
export async function requireCourse(slug: string): Promise<CourseDetail> {
  const found = await fetchCourse(slug)
  if (!found) throw new ApiError('This course does not exist, or is not published.', 'NOT_FOUND')
  return found
}

export async function fetchReviews(slug: string, after: string | null): Promise<{ reviews: Review[]; pageInfo: CoursePage['pageInfo'] }> {
  const data = await request(
    graphql(`query Reviews($slug: String!, $after: String) {
      course(slug: $slug) { reviews(first: 10, after: $after) { edges { node { ...ReviewFields } } pageInfo { ...PageInfoFields } } }
    }`),
    { slug, after },
  )
  if (!data.course) return { reviews: [], pageInfo: { hasNextPage: false, endCursor: null } }
  return { reviews: data.course.reviews.edges.map((edge) => edge.node), pageInfo: data.course.reviews.pageInfo }
}

export async function enroll(courseId: string): Promise<Enrollment> {
  const data = await request(
    graphql(`mutation Enroll($id: ID!) { enroll(courseId: $id) { ...EnrollmentFields } }`),
    { id: courseId },
  )
  return data.enroll
}

/** An enrollment of the viewer's, with its course. */
export type LearningItem = MyLearningQuery['myLearning'][number]

export async function fetchMyLearning(): Promise<LearningItem[]> {
  const data = await request(graphql(`query MyLearning { myLearning { ...EnrollmentFields course { ...CourseSummaryFields } } }`))
  return data.myLearning
}

export async function setLessonCompleted(lessonId: string, completed: boolean): Promise<void> {
  if (completed) {
    await request(graphql(`mutation Complete($id: ID!) { completeLesson(lessonId: $id) { completedAt } }`), { id: lessonId })
  } else {
    await request(graphql(`mutation Uncomplete($id: ID!) { uncompleteLesson(lessonId: $id) }`), { id: lessonId })
  }
}

export async function submitReview(courseId: string, rating: number, body: string): Promise<Review> {
  const data = await request(
    graphql(`mutation Review($id: ID!, $rating: Int!, $body: String) { submitReview(courseId: $id, rating: $rating, body: $body) { ...ReviewFields } }`),
    { id: courseId, rating, body },
  )
  return data.submitReview
}

export async function updateReview(id: string, rating: number, body: string): Promise<Review> {
  const data = await request(
    graphql(`mutation EditReview($id: ID!, $rating: Int, $body: String) { updateReview(id: $id, rating: $rating, body: $body) { ...ReviewFields } }`),
    { id, rating, body },
  )
  return data.updateReview
}

// --- Authoring ---------------------------------------------------------------------------------

/** A course's editable fields (`CourseInput`); those left out stay as they are. */
export type CourseInput = CourseInputType

/** A course as its creator's studio shows it: the summary with its status and description. */
export type StudioCourse = StudioCourseFieldsFragment

/** What still stops the course being published (the server's checklist), read on its own: an
 * upload that completes a lesson changes it without a save that reloads the course. */
export async function fetchPublicationChecklist(slug: string): Promise<string[] | null> {
  const found = await request(
    graphql(`query PublicationChecklist($slug: String!) { course(slug: $slug) { id publicationChecklist } }`),
    { slug },
  )
  return found.course?.publicationChecklist ?? null
}

export async function fetchMyCourses(): Promise<StudioCourse[]> {
  return (await request(graphql(`query MyCourses { myCourses { ...StudioCourseFields } }`))).myCourses
}

export async function createCourse(input: CourseInput): Promise<StudioCourse> {
  const data = await request(
    graphql(`mutation CreateCourse($input: CourseInput!) { createCourse(input: $input) { ...StudioCourseFields } }`),
    { input },
  )
  return data.createCourse
}

export async function updateCourse(id: string, input: CourseInput): Promise<StudioCourse> {
  const data = await request(
    graphql(`mutation UpdateCourse($id: ID!, $input: CourseInput!) { updateCourse(id: $id, input: $input) { ...StudioCourseFields } }`),
    { id, input },
  )
  return data.updateCourse
}

export type StatusChange = 'publishCourse' | 'unpublishCourse' | 'archiveCourse'

export async function changeStatus(id: string, change: StatusChange): Promise<StudioCourse> {
  switch (change) {
    case 'publishCourse':
      return (await request(graphql(`mutation PublishCourse($id: ID!) { publishCourse(id: $id) { ...StudioCourseFields } }`), { id })).publishCourse
    case 'unpublishCourse':
      return (await request(graphql(`mutation UnpublishCourse($id: ID!) { unpublishCourse(id: $id) { ...StudioCourseFields } }`), { id })).unpublishCourse
    case 'archiveCourse':
      return (await request(graphql(`mutation ArchiveCourse($id: ID!) { archiveCourse(id: $id) { ...StudioCourseFields } }`), { id })).archiveCourse
  }
}

export async function createModule(courseId: string, title: string): Promise<Module> {
  const data = await request(
    graphql(`mutation CreateModule($id: ID!, $title: String!) { createModule(courseId: $id, title: $title) { ...ModuleFields } }`),
    { id: courseId, title },
  )
  return data.createModule
}

export async function updateModule(id: string, title: string): Promise<void> {
  await request(graphql(`mutation UpdateModule($id: ID!, $title: String!) { updateModule(id: $id, title: $title) { id } }`), { id, title })
}

/** Drip release: the module opens to a learner `days` (0..3650) after they enrolled; 0 at once. */
export async function setModuleOpensAfterDays(id: string, days: number): Promise<void> {
  await request(graphql(`mutation SetModuleOpensAfterDays($id: ID!, $days: Int!) { updateModule(id: $id, opensAfterDays: $days) { id opensAfterDays } }`), { id, days })
}

export async function deleteModule(id: string): Promise<void> {
  await request(graphql(`mutation DeleteModule($id: ID!) { deleteModule(id: $id) }`), { id })
}

export async function reorderModules(courseId: string, moduleIds: string[]): Promise<void> {
  await request(graphql(`mutation ReorderModules($id: ID!, $ids: [ID!]!) { reorderModules(courseId: $id, moduleIds: $ids) { id } }`), {
    id: courseId,
    ids: moduleIds,
  })
}

/** A lesson's editable fields (`LessonInput`); those left out stay as they are. */
export type LessonInput = LessonInputType

export async function createLesson(moduleId: string, input: LessonInput): Promise<Lesson> {
  const data = await request(
    graphql(`mutation CreateLesson($id: ID!, $input: LessonInput!) { createLesson(moduleId: $id, input: $input) { ...LessonFields } }`),
    { id: moduleId, input },
  )
  return data.createLesson
}

export async function updateLesson(id: string, input: LessonInput): Promise<Lesson> {
  const data = await request(
    graphql(`mutation UpdateLesson($id: ID!, $input: LessonInput!) { updateLesson(id: $id, input: $input) { ...LessonFields } }`),
    { id, input },
  )
  return data.updateLesson
}

export async function deleteLesson(id: string): Promise<void> {
  await request(graphql(`mutation DeleteLesson($id: ID!) { deleteLesson(id: $id) }`), { id })
}

export async function reorderLessons(moduleId: string, lessonIds: string[]): Promise<void> {
  await request(graphql(`mutation ReorderLessons($id: ID!, $ids: [ID!]!) { reorderLessons(moduleId: $id, lessonIds: $ids) { id } }`), {
    id: moduleId,
    ids: lessonIds,
  })
}
