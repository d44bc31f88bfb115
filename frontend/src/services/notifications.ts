/**
 * Announcement emails, per course: all (the default) or none. Only the viewer's enrolled courses
 * are listed and can be set; the server answers FORBIDDEN for any other.
 */
import { request } from './api'
import { graphql } from './generated'
import type { CourseNotificationSettingFieldsFragment } from './generated/graphql'

/** Whether one enrolled course's announcements are mailed to the viewer. */
export type CourseNotificationSetting = CourseNotificationSettingFieldsFragment

export async function fetchNotificationSettings(): Promise<CourseNotificationSetting[]> {
  const data = await request(graphql(`query NotificationSettings { notificationSettings { ...CourseNotificationSettingFields } }`))
  return data.notificationSettings
}

export async function setCourseNotifications(courseId: string, enabled: boolean): Promise<CourseNotificationSetting> {
  const data = await request(
    graphql(`mutation SetCourseNotifications($id: ID!, $enabled: Boolean!) {
      setCourseNotifications(courseId: $id, enabled: $enabled) { ...CourseNotificationSettingFields }
    }`),
    { id: courseId, enabled },
  )
  return data.setCourseNotifications
}
